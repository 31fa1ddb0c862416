package dev.vamana.graph;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free pool of {@link SearchScratch} objects, so that concurrent searches (on platform
 * or virtual threads) reuse their buffers instead of allocating per query. When every slot is taken
 * a new scratch is made, and a returned one that finds no free slot is dropped.
 */
final class ScratchPool {
  private final AtomicReferenceArray<SearchScratch> slots;
  private final int dimension;
  private final int neighborCapacity;

  ScratchPool(int dimension, int neighborCapacity) {
    this.dimension = dimension;
    this.neighborCapacity = neighborCapacity;
    this.slots = new AtomicReferenceArray<>(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
  }

  SearchScratch acquire() {
    for (int i = 0; i < slots.length(); i++) {
      SearchScratch s = slots.get(i);
      if (s != null && slots.compareAndSet(i, s, null)) {
        return s;
      }
    }
    return new SearchScratch(dimension, neighborCapacity);
  }

  void release(SearchScratch s) {
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) == null && slots.compareAndSet(i, null, s)) {
        return;
      }
    }
  }
}
