package dev.vamana.graph;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One bit per slot: set while the slot holds a live vector. Reads are lock-free (volatile array
 * reference, atomic words); {@link #set} and {@link #ensureCapacity} must be serialised by the
 * caller, so that growing the array never loses a concurrent update.
 */
final class LiveSet {
  private volatile AtomicLongArray words = new AtomicLongArray(0);

  void ensureCapacity(int n) {
    int need = (n + 63) >>> 6;
    AtomicLongArray cur = words;
    if (need > cur.length()) {
      AtomicLongArray grown = new AtomicLongArray(Math.max(need, cur.length() + (cur.length() >> 1)));
      for (int i = 0; i < cur.length(); i++) {
        grown.set(i, cur.get(i));
      }
      words = grown;
    }
  }

  void set(int ord, boolean on) {
    long bit = 1L << ord;
    if (on) {
      words.getAndUpdate(ord >>> 6, w -> w | bit);
    } else {
      words.getAndUpdate(ord >>> 6, w -> w & ~bit);
    }
  }

  boolean get(int ord) {
    AtomicLongArray l = words;
    int w = ord >>> 6;
    return w < l.length() && (l.get(w) & (1L << ord)) != 0;
  }

  long bytes() {
    return words.length() * 8L;
  }
}
