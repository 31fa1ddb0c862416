package dev.vamana.disk;

import dev.vamana.graph.ProgressListener;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.lang.foreign.Arena;

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

  /**
   * Builds the graph over rows read from {@code rows} (prepared for {@code metric}). The SSD build
   * calls this one. By default the rows are first copied into an off-heap store freed when the
   * graph is built; a builder that copies rows into a graph of its own anyway overrides it to read
   * them straight from the source, so that the build holds one copy of the shard, not two.
   */
  default GraphSource build(VectorSource rows, Metric metric, int maxDegree, ProgressListener progress) {
    try (Arena arena = Arena.ofShared()) {
      VectorStore store = PartitionedBuild.loadRows(rows, metric, null, rows.size(), arena);
      return build(store, metric, maxDegree, progress);
    }
  }
}
