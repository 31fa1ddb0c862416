package dev.vamana.io;

import dev.vamana.vector.VectorStore;

/**
 * Random access to rows of float32 vectors, wherever they live (an off-heap {@link VectorStore}, a
 * memory-mapped vector file): what PQ training, encoding and the SSD index build read from without
 * copying every vector onto the heap.
 *
 * <p>Implementations must allow concurrent {@link #get} calls from several threads.
 */
public interface VectorSource {
  int size();

  int dimension();

  /** Copies row {@code row} into {@code dst[0..dimension)}. */
  void get(int row, float[] dst);

  /** A source over the rows {@code [0, store.size())} of {@code store}. */
  static VectorSource of(VectorStore store) {
    return new VectorSource() {
      @Override
      public int size() {
        return store.size();
      }

      @Override
      public int dimension() {
        return store.dimension();
      }

      @Override
      public void get(int row, float[] dst) {
        store.get(row, dst);
      }
    };
  }
}
