package dev.vamana.graph;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;

/**
 * RobustPrune over a candidate set the caller supplies with its vectors, outside an index: the same
 * prune the graph build runs (see {@link RobustPrune}: nearest first, alpha schedule 1, 1.2, ...
 * alpha), for code that merges neighbour lists from elsewhere, such as the partitioned SSD build.
 * Load the candidates with {@link #set}, then call {@link #prune}.
 *
 * <p>Not thread-safe: one instance per thread. Holds off-heap room for {@code maxCandidates}
 * vectors (freed by the garbage collector) and allocates nothing per prune.
 */
public final class NeighborPruner {
  private final int dim;
  private final int maxCandidates;
  private final float alpha;
  private final int maxDegree;
  private final VectorStore rows;
  private final NodeDistances dist;
  private final SearchScratch scratch;
  private final int[] ids;
  private final int[] local;

  /**
   * @param metric the distance (vectors prepared for it: normalised for cosine)
   * @param maxCandidates the most candidates one {@link #prune} call gets
   * @param maxDegree R: the most neighbours kept
   */
  public NeighborPruner(Metric metric, int dim, float alpha, int maxDegree, int maxCandidates) {
    this.dim = dim;
    this.maxCandidates = maxCandidates;
    this.alpha = alpha;
    this.maxDegree = maxDegree;
    this.rows = new VectorStore(dim, maxCandidates);
    this.rows.setSize(maxCandidates);
    this.dist = new NodeDistances(metric, Kernels.get(), rows);
    this.scratch = new SearchScratch(dim, Math.max(maxDegree, maxCandidates));
    this.scratch.ensurePool(maxCandidates);
    this.ids = new int[maxCandidates];
    this.local = new int[maxDegree];
  }

  /** Sets candidate {@code i} (below {@code maxCandidates}): its id and its vector. */
  public void set(int i, int id, float[] vector) {
    ids[i] = id;
    rows.set(i, vector);
  }

  /**
   * Prunes candidates {@code [0, count)} (distinct ids, none equal to the node itself) for the node
   * whose vector is {@code p}; writes the ids kept into {@code out}, nearest first, and returns how
   * many (at most R and at most {@code out.length}).
   */
  public int prune(float[] p, int count, int[] out) {
    if (count > maxCandidates) {
      throw new IllegalArgumentException(count + " candidates, room for " + maxCandidates);
    }
    SearchScratch s = scratch;
    int j = 0;
    for (; j + 3 < count; j += 4) {
      dist.distance4(p, j, j + 1, j + 2, j + 3, s.four);
      for (int u = 0; u < 4; u++) {
        s.poolIds[j + u] = j + u;
        s.poolDists[j + u] = s.four[u];
      }
    }
    for (; j < count; j++) {
      s.poolIds[j] = j;
      s.poolDists[j] = dist.distance(p, j);
    }
    int kept = RobustPrune.prune(dist, s, -1, count, alpha, Math.min(maxDegree, out.length), maxCandidates, local);
    for (int i = 0; i < kept; i++) {
      out[i] = ids[local[i]];
    }
    return kept;
  }

  public int dimension() {
    return dim;
  }
}
