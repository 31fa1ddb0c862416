package dev.vamana.graph;

/**
 * The bounded, sorted candidate list of a greedy search (DiskANN's "L"): at most {@code capacity}
 * nodes, nearest first, each marked expanded or not, with a cursor on the nearest unexpanded one.
 * Insertion is a binary search plus an array shift, which for lists of a few hundred entries beats
 * a heap because the search also needs the nearest unexpanded node in order.
 *
 * <p>Not thread-safe: one per search thread, reused across searches (see {@link SearchScratch}).
 */
final class CandidateList {
  private int[] ids;
  private float[] dists;
  private boolean[] expanded;
  private int size;
  private int capacity;
  private int cursor;

  CandidateList(int capacity) {
    ids = new int[capacity + 1];
    dists = new float[capacity + 1];
    expanded = new boolean[capacity + 1];
    this.capacity = capacity;
  }

  /** Empties the list and sets its bound, growing the arrays when needed. */
  void reset(int capacity) {
    if (capacity + 1 > ids.length) {
      ids = new int[capacity + 1];
      dists = new float[capacity + 1];
      expanded = new boolean[capacity + 1];
    }
    this.capacity = capacity;
    size = 0;
    cursor = 0;
  }

  int size() {
    return size;
  }

  int id(int i) {
    return ids[i];
  }

  float distance(int i) {
    return dists[i];
  }

  /** True when a node at distance {@code d} would enter the list. */
  boolean accepts(float d) {
    return size < capacity || d < dists[size - 1];
  }

  /** Inserts a node (the caller checked {@link #accepts}); ties go after equal distances. */
  void insert(int id, float d) {
    int lo = 0, hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (dists[mid] <= d) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int n = Math.min(size, capacity - 1) - lo;
    if (n > 0) {
      System.arraycopy(ids, lo, ids, lo + 1, n);
      System.arraycopy(dists, lo, dists, lo + 1, n);
      System.arraycopy(expanded, lo, expanded, lo + 1, n);
    }
    ids[lo] = id;
    dists[lo] = d;
    expanded[lo] = false;
    if (size < capacity) {
      size++;
    }
    if (lo < cursor) {
      cursor = lo;
    }
  }

  /**
   * Marks the nearest unexpanded node expanded and returns its position, or -1 when every node in
   * the list has been expanded.
   */
  int nextUnexpanded() {
    while (cursor < size && expanded[cursor]) {
      cursor++;
    }
    if (cursor >= size) {
      return -1;
    }
    expanded[cursor] = true;
    return cursor++;
  }
}
