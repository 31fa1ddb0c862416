package dev.vamana.quant;

import dev.vamana.vector.VectorStore;
import java.util.SplittableRandom;

/** Seeded clustered test vectors: gaussian blobs around random centres. */
public final class ClusteredData {
  private ClusteredData() {}

  public static VectorStore generate(int n, int dim, int clusters, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int j = 0; j < dim; j++) {
        c[j] = (float) (rnd.nextDouble() * 2 - 1);
      }
    }
    VectorStore store = new VectorStore(dim, n);
    float[] v = new float[dim];
    for (int i = 0; i < n; i++) {
      float[] c = centres[rnd.nextInt(clusters)];
      for (int j = 0; j < dim; j++) {
        v[j] = c[j] + (float) (gaussian(rnd) * 0.25);
      }
      store.append(v);
    }
    return store;
  }

  /** Rows {@code [from, to)} of {@code s} as a new store. */
  public static VectorStore slice(VectorStore s, int from, int to) {
    VectorStore out = new VectorStore(s.dimension(), to - from);
    for (int i = from; i < to; i++) {
      out.append(s.get(i));
    }
    return out;
  }

  static double gaussian(SplittableRandom rnd) {
    double u = Math.max(1e-12, rnd.nextDouble()), w = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }
}
