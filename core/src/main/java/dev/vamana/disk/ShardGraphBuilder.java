package dev.vamana.disk;

import dev.vamana.graph.ProgressListener;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;

/**
 * Builds an in-memory graph over a set of vectors, for the SSD build: over all of them when they
 * fit in the build memory, or over one shard at a time when they do not. The returned graph's
 * ordinal {@code i} must be row {@code i} of {@code vectors}, and its neighbour lists must use the
 * same numbering.
 *
 * <p>Implementations say their own thread-safety; the SSD build calls one at a time.
 */
@FunctionalInterface
public interface ShardGraphBuilder {
  /**
   * @param vectors rows already prepared for {@code metric} (normalised for cosine); owned by the
   *     caller, who frees them when this method returns: the graph must keep its own copy
   * @param maxDegree the R of this graph
   */
  GraphSource build(VectorStore vectors, Metric metric, int maxDegree, ProgressListener progress);
}
