package dev.vamana.disk;

import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;

/**
 * A view of some rows of a {@link VectorSource} (all of them, or the members of one shard, in the
 * order given), each prepared for the metric as it is read (checked finite, normalised for cosine;
 * errors name the row of the underlying source). Copies nothing: what the graph build reads its
 * rows from, so the build holds only the graph's own copy of them.
 *
 * <p>Thread-safe when the underlying source is; the members array must not change while in use.
 */
final class PreparedRows implements VectorSource {
  private final VectorSource src;
  private final Metric metric;
  private final int[] members;
  private final int count;

  /** Rows {@code members[0..count)} of {@code src}; all rows when {@code members} is null. */
  PreparedRows(VectorSource src, Metric metric, int[] members, int count) {
    this.src = src;
    this.metric = metric;
    this.members = members;
    this.count = members == null ? src.size() : count;
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public int dimension() {
    return src.dimension();
  }

  @Override
  public void get(int row, float[] dst) {
    int global = members == null ? row : members[row];
    src.get(global, dst);
    PartitionedBuild.prepareInPlace(metric, dst, global);
  }
}
