package dev.vamana.disk;

import dev.vamana.graph.ProgressListener;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;

/**
 * Builds graphs for the SSD build with the in-memory {@link VamanaIndex} (bulk parallel build, ids
 * = rows). Immutable and thread-safe; each graph it returns owns its index until closed.
 */
public final class VamanaGraphBuilder implements ShardGraphBuilder {
  private final int listSize;
  private final float alpha;
  private final int threads;
  private final long seed;

  public VamanaGraphBuilder(int listSize, float alpha, int threads, long seed) {
    this.listSize = listSize;
    this.alpha = alpha;
    this.threads = threads;
    this.seed = seed;
  }

  @Override
  public GraphSource build(VectorStore vectors, Metric metric, int maxDegree, ProgressListener progress) {
    return build(VectorSource.of(vectors), metric, maxDegree, progress);
  }

  /** Reads the rows straight into the index's own store: no intermediate copy. */
  @Override
  public GraphSource build(VectorSource vectors, Metric metric, int maxDegree, ProgressListener progress) {
    VamanaIndex index = VamanaIndex.builder().dimension(vectors.dimension()).metric(metric).maxDegree(maxDegree)
        .buildListSize(Math.max(listSize, maxDegree)).alpha(alpha).threads(threads).seed(seed)
        .freeVectorsOnClose(true).build();
    try {
      index.addAll(vectors, null, progress);
      return IndexGraphSource.byRow(index);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }
}
