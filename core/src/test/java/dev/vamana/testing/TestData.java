package dev.vamana.testing;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded synthetic data for tests: Gaussian clusters, and exact nearest neighbours by brute force. */
public final class TestData {
  private TestData() {}

  /** {@code n} vectors of dimension {@code dim} around {@code clusters} random centres. */
  public static float[][] clustered(int n, int dim, int clusters, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int j = 0; j < dim; j++) {
        c[j] = (float) (r.nextDouble() * 2 - 1);
      }
    }
    float[][] out = new float[n][dim];
    for (int i = 0; i < n; i++) {
      float[] c = centres[r.nextInt(clusters)];
      for (int j = 0; j < dim; j++) {
        out[i][j] = c[j] + (float) (gaussian(r) * 0.35);
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble(), v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  public static VectorStore store(float[][] rows) {
    VectorStore s = new VectorStore(rows[0].length, rows.length);
    for (float[] row : rows) {
      s.append(row);
    }
    return s;
  }

  /** Exact top-k row indices of each query (ties: lower index first). */
  public static int[][] exact(float[][] base, float[][] queries, Metric metric, int k) {
    float[][] b = metric.normalizes() ? prep(base) : base;
    int[][] out = new int[queries.length][];
    for (int qi = 0; qi < queries.length; qi++) {
      float[] q = Vectors.prepare(metric, queries[qi], "q");
      long[] keys = new long[b.length];
      for (int i = 0; i < b.length; i++) {
        float d = metric.distance(Kernels.scalar(), q, b[i]);
        int bits = Float.floatToRawIntBits(d);
        bits ^= (bits >> 31) & 0x7fffffff;
        keys[i] = ((long) bits << 32) | i;
      }
      Arrays.sort(keys);
      out[qi] = new int[k];
      for (int j = 0; j < k; j++) {
        out[qi][j] = (int) keys[j];
      }
    }
    return out;
  }

  private static float[][] prep(float[][] base) {
    float[][] p = new float[base.length][];
    for (int i = 0; i < base.length; i++) {
      p[i] = Vectors.normalized(base[i], "v");
    }
    return p;
  }

  /** Mean recall@k of result id lists against exact rows. */
  public static double recall(long[][] results, int[][] truth, int k) {
    double sum = 0;
    for (int q = 0; q < results.length; q++) {
      int hit = 0;
      for (int j = 0; j < Math.min(k, results[q].length); j++) {
        for (int t = 0; t < k; t++) {
          if (truth[q][t] == results[q][j]) {
            hit++;
            break;
          }
        }
      }
      sum += hit / (double) k;
    }
    return sum / results.length;
  }
}
