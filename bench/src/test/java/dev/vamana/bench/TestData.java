package dev.vamana.bench;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.util.Arrays;
import java.util.Random;

/** Seeded clustered vectors and brute-force ground truth for the bench tests. */
final class TestData {
  private TestData() {}

  /** {@code n} vectors of {@code dim} around {@code clusters} Gaussian centres, seeded. */
  static VectorStore clustered(int n, int dim, int clusters, long seed) {
    Random centresRnd = new Random(12345);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int j = 0; j < dim; j++) {
        c[j] = (float) (centresRnd.nextGaussian() * 3);
      }
    }
    Random rnd = new Random(seed);
    VectorStore s = new VectorStore(dim, n);
    float[] v = new float[dim];
    for (int i = 0; i < n; i++) {
      float[] c = centres[rnd.nextInt(clusters)];
      for (int j = 0; j < dim; j++) {
        v[j] = c[j] + (float) rnd.nextGaussian();
      }
      s.append(v);
    }
    return s;
  }

  /** A unit-length copy of every row of {@code s}. */
  static VectorStore normalized(VectorStore s) {
    VectorStore out = new VectorStore(s.dimension(), s.size());
    for (int i = 0; i < s.size(); i++) {
      out.append(Vectors.normalized(s.get(i), "row " + i));
    }
    return out;
  }

  /** Exact top-{@code k} ids of every query, nearest first (ties: lower id first). */
  static int[][] groundTruth(VectorStore base, VectorStore queries, Metric metric, int k) {
    int n = base.size();
    float[][] b = new float[n][];
    for (int i = 0; i < n; i++) {
      b[i] = Vectors.prepare(metric, base.get(i), "base");
    }
    int[][] gt = new int[queries.size()][];
    for (int q = 0; q < queries.size(); q++) {
      float[] qv = Vectors.prepare(metric, queries.get(q), "query");
      Integer[] ids = new Integer[n];
      float[] d = new float[n];
      for (int i = 0; i < n; i++) {
        ids[i] = i;
        d[i] = metric.distance(Kernels.scalar(), qv, b[i]);
      }
      Arrays.sort(ids, (x, y) -> d[x] != d[y] ? Float.compare(d[x], d[y]) : Integer.compare(x, y));
      gt[q] = new int[k];
      for (int j = 0; j < k; j++) {
        gt[q][j] = ids[j];
      }
    }
    return gt;
  }

  /** Mean recall@k of {@code engine} at search parameter {@code param} over all queries. */
  static double recall(Engine engine, VectorStore queries, int[][] gt, int k, int param) {
    double sum = 0;
    for (int q = 0; q < queries.size(); q++) {
      sum += Recall.atK(engine.search(queries.get(q), k, param), gt[q], k);
    }
    return sum / queries.size();
  }
}
