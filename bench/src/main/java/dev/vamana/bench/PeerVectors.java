package dev.vamana.bench;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a {@link VectorStore} into the heap arrays the peer engines consume, normalising each row
 * when the metric is cosine (the peers then compare with their dot-product similarity, which is
 * what both jvector and Lucene recommend for unit vectors).
 *
 * <p>Stateless; the returned list and arrays are new and owned by the caller.
 */
final class PeerVectors {
  private PeerVectors() {}

  static List<float[]> copy(VectorStore base, Metric metric) {
    int n = base.size();
    List<float[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(Vectors.prepare(metric, base.get(i), "base vector " + i));
    }
    return rows;
  }

  /** The bytes of raw float32 payload held for {@code n} vectors of dimension {@code dim}. */
  static long payloadBytes(long n, int dim) {
    return n * dim * Float.BYTES;
  }
}
