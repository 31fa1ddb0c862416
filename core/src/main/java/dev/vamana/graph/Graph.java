package dev.vamana.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Adjacency lists of a fixed capacity per node, stored in chunks of {@code int[]}: for node
 * {@code n}, slot 0 holds its degree and slots {@code 1..capacity} its neighbour ordinals. No object
 * per node.
 *
 * <p>Thread-safety: writers of one node's list must hold that node's lock (see {@link
 * VamanaIndex}); readers take no lock. A writer stores the neighbour slots first and then publishes
 * the degree with a release store; readers load the degree with an acquire load, so they see a
 * consistent prefix of valid ordinals (possibly an older list, never garbage beyond the degree).
 */
final class Graph {
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final int NODES_PER_CHUNK_SHIFT = 10;
  private static final int NODES_PER_CHUNK = 1 << NODES_PER_CHUNK_SHIFT;

  private final int capacity;
  private final int slots;
  private volatile int[][] chunks = new int[0][];

  /** @param capacity the most neighbours one node may hold (R plus the build slack) */
  Graph(int capacity) {
    this.capacity = capacity;
    this.slots = capacity + 1;
  }

  int capacity() {
    return capacity;
  }

  /** Makes nodes {@code [0, n)} addressable; new nodes have no neighbours. */
  synchronized void ensureCapacity(int n) {
    int need = (n + NODES_PER_CHUNK - 1) >>> NODES_PER_CHUNK_SHIFT;
    int[][] cs = chunks;
    if (need > cs.length) {
      int[][] grown = Arrays.copyOf(cs, need);
      for (int c = cs.length; c < need; c++) {
        grown[c] = new int[NODES_PER_CHUNK * slots];
      }
      chunks = grown;
    }
  }

  long bytes() {
    return (long) chunks.length * NODES_PER_CHUNK * slots * 4L;
  }

  int degree(int node) {
    int[] c = chunks[node >>> NODES_PER_CHUNK_SHIFT];
    return (int) INTS.getAcquire(c, (node & (NODES_PER_CHUNK - 1)) * slots);
  }

  /** Copies the neighbours of {@code node} into {@code dst} and returns how many there are. */
  int neighbors(int node, int[] dst) {
    int[] c = chunks[node >>> NODES_PER_CHUNK_SHIFT];
    int base = (node & (NODES_PER_CHUNK - 1)) * slots;
    int d = (int) INTS.getAcquire(c, base);
    System.arraycopy(c, base + 1, dst, 0, d);
    return d;
  }

  /** Replaces the list of {@code node} with {@code src[0..n)}; caller holds the node's lock. */
  void setNeighbors(int node, int[] src, int n) {
    int[] c = chunks[node >>> NODES_PER_CHUNK_SHIFT];
    int base = (node & (NODES_PER_CHUNK - 1)) * slots;
    System.arraycopy(src, 0, c, base + 1, n);
    INTS.setRelease(c, base, n);
  }

  /** Appends {@code nb} when there is room; caller holds the node's lock. */
  boolean tryAppend(int node, int nb) {
    int[] c = chunks[node >>> NODES_PER_CHUNK_SHIFT];
    int base = (node & (NODES_PER_CHUNK - 1)) * slots;
    int d = c[base];
    if (d >= capacity) {
      return false;
    }
    c[base + 1 + d] = nb;
    INTS.setRelease(c, base, d + 1);
    return true;
  }

  /** True when {@code nb} is in the list of {@code node}. */
  boolean contains(int node, int nb) {
    int[] c = chunks[node >>> NODES_PER_CHUNK_SHIFT];
    int base = (node & (NODES_PER_CHUNK - 1)) * slots;
    int d = (int) INTS.getAcquire(c, base);
    for (int i = 1; i <= d; i++) {
      if (c[base + i] == nb) {
        return true;
      }
    }
    return false;
  }
}
