package dev.vamana.disk;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorKernels;

/**
 * RobustPrune of the DiskANN paper (Algorithm 2): from candidates sorted by distance to node p,
 * keep the closest c, drop every remaining candidate c' with {@code alpha * d(c, c') <= d(p, c')},
 * repeat until R are kept. Used by the partitioned build to merge the neighbour lists a node got
 * from its shards. For inner product, whose distances can be negative, alpha is not applied
 * ({@code d(c, c') <= d(p, c')}). Written here because the graph package's prune is not public.
 *
 * <p>Not thread-safe: holds scratch arrays sized for the largest candidate set seen; one instance
 * per thread.
 */
final class RobustPrune {
  private final Metric metric;
  private final VectorKernels kernels;
  private final int dim;
  private final float alpha;
  private final int maxDegree;
  private boolean[] pruned = new boolean[0];
  private Integer[] order = new Integer[0];
  private float[] sortedDist = new float[0];
  private int[] sortedIdx = new int[0];

  RobustPrune(Metric metric, VectorKernels kernels, int dim, float alpha, int maxDegree) {
    this.metric = metric;
    this.kernels = kernels;
    this.dim = dim;
    this.alpha = alpha;
    this.maxDegree = maxDegree;
  }

  private float dist(float[] vecs, int a, float[] vecsB, int b) {
    return switch (metric) {
      case L2 -> kernels.squaredL2(vecs, a * dim, vecsB, b * dim, dim);
      case INNER_PRODUCT -> -kernels.dot(vecs, a * dim, vecsB, b * dim, dim);
      case COSINE -> 1f - kernels.dot(vecs, a * dim, vecsB, b * dim, dim);
    };
  }

  /**
   * Prunes {@code count} distinct candidates (ids {@code cand}, vectors row after row in
   * {@code candVecs}) of the node whose vector is {@code p}; writes the kept ids into {@code out}
   * and returns how many (at most R and at most {@code out.length}).
   */
  int prune(float[] p, int[] cand, float[] candVecs, int count, int[] out) {
    if (pruned.length < count) {
      pruned = new boolean[count];
      order = new Integer[count];
      sortedDist = new float[count];
      sortedIdx = new int[count];
    }
    float[] dp = sortedDist;
    for (int i = 0; i < count; i++) {
      order[i] = i;
      dp[i] = dist(p, 0, candVecs, i);
    }
    java.util.Arrays.sort(order, 0, count, (a, b) -> {
      int c = Float.compare(dp[a], dp[b]);
      return c != 0 ? c : Integer.compare(cand[a], cand[b]);
    });
    for (int i = 0; i < count; i++) {
      sortedIdx[i] = order[i];
      pruned[i] = false;
    }
    boolean useAlpha = metric != Metric.INNER_PRODUCT;
    int kept = 0;
    int limit = Math.min(maxDegree, out.length);
    for (int i = 0; i < count && kept < limit; i++) {
      if (pruned[i]) {
        continue;
      }
      int ci = sortedIdx[i];
      out[kept++] = cand[ci];
      for (int j = i + 1; j < count; j++) {
        if (pruned[j]) {
          continue;
        }
        int cj = sortedIdx[j];
        float dij = dist(candVecs, ci, candVecs, cj);
        float a = useAlpha ? alpha : 1f;
        if (a * dij <= dp[cj]) {
          pruned[j] = true;
        }
      }
    }
    return kept;
  }
}
