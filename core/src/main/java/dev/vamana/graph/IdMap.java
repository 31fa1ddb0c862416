package dev.vamana.graph;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Maps stable external ids ({@code long}) to internal ordinals and back. Ordinal to id is an array
 * lookup in chunks of {@code long[]}. Id to ordinal is an open-addressing table of {@code int}s
 * (ordinal + 1, zero = empty) whose keys are read back through the ordinal, so it costs about 5 to
 * 10 bytes per entry. While every id equals its ordinal (the common case of a bulk build with
 * implicit ids) the table is not materialised at all.
 *
 * <p>Thread-safety: {@link #externalId} is lock-free and may run concurrently with writers for
 * ordinals that have been published; every other method is synchronised.
 */
final class IdMap {
  private static final int SHIFT = 14;
  private static final int CHUNK = 1 << SHIFT;

  private volatile long[][] ext = new long[0][];
  private int count; // ordinals [0, count) have had an id assigned at some point
  private boolean identity = true;
  private int[] table; // null while identity
  private int used;

  long externalId(int ord) {
    return ext[ord >>> SHIFT][ord & (CHUNK - 1)];
  }

  synchronized long bytes() {
    return (long) ext.length * CHUNK * 8L + (table == null ? 0 : table.length * 4L);
  }

  /**
   * Records {@code id} for {@code ord}. {@code live} tells which ordinals are currently mapped, for
   * the switch from identity mode to a table.
   */
  synchronized void put(long id, int ord, IntPredicate live) {
    ensure(ord + 1);
    ext[ord >>> SHIFT][ord & (CHUNK - 1)] = id;
    if (ord >= count) {
      count = ord + 1;
    }
    if (identity) {
      if (id == ord) {
        return;
      }
      materialize(live);
    }
    insert(id, ord);
  }

  /** Records the id a dead slot had, without mapping it (files keep ids of deleted slots). */
  synchronized void setExternal(int ord, long id) {
    ensure(ord + 1);
    ext[ord >>> SHIFT][ord & (CHUNK - 1)] = id;
    if (ord >= count) {
      count = ord + 1;
    }
  }

  /** Forgets {@code id} (its ordinal keeps the id value until reused). */
  synchronized void remove(long id) {
    if (identity) {
      return;
    }
    int mask = table.length - 1;
    int i = slot(id, mask);
    while (table[i] != 0) {
      int ord = table[i] - 1;
      if (externalId(ord) == id) {
        deleteAt(i);
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** The ordinal of {@code id}, or -1. In identity mode {@code live} decides. */
  synchronized int ordinal(long id, IntPredicate live) {
    if (identity) {
      return id >= 0 && id < count && live.test((int) id) ? (int) id : -1;
    }
    int mask = table.length - 1;
    int i = slot(id, mask);
    while (table[i] != 0) {
      int ord = table[i] - 1;
      if (externalId(ord) == id) {
        return ord;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  private void ensure(int n) {
    int need = (n + CHUNK - 1) >>> SHIFT;
    long[][] cs = ext;
    if (need > cs.length) {
      long[][] grown = Arrays.copyOf(cs, Math.max(need, cs.length + (cs.length >> 1)));
      for (int c = cs.length; c < grown.length; c++) {
        grown[c] = new long[CHUNK];
      }
      ext = grown;
    }
  }

  private void materialize(IntPredicate live) {
    identity = false;
    table = new int[tableSizeFor(Math.max(16, count))];
    used = 0;
    for (int ord = 0; ord < count; ord++) {
      if (live.test(ord)) {
        insert(externalId(ord), ord);
      }
    }
  }

  private static int tableSizeFor(int entries) {
    return Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, entries * 2L - 1))) << 1;
  }

  private void insert(long id, int ord) {
    if ((used + 1) * 5L > table.length * 4L) { // keep load <= 0.8
      int[] old = table;
      table = new int[old.length << 1];
      used = 0;
      for (int v : old) {
        if (v != 0) {
          insertNoGrow(externalId(v - 1), v - 1);
        }
      }
    }
    insertNoGrow(id, ord);
  }

  private void insertNoGrow(long id, int ord) {
    int mask = table.length - 1;
    int i = slot(id, mask);
    while (table[i] != 0) {
      if (externalId(table[i] - 1) == id && table[i] - 1 != ord) {
        table[i] = ord + 1; // re-pointing an id
        return;
      }
      if (table[i] - 1 == ord) {
        return;
      }
      i = (i + 1) & mask;
    }
    table[i] = ord + 1;
    used++;
  }

  /** Backward-shift deletion for linear probing: no tombstones. */
  private void deleteAt(int i) {
    int mask = table.length - 1;
    table[i] = 0;
    used--;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (table[j] == 0) {
        return;
      }
      int home = slot(externalId(table[j] - 1), mask);
      // move table[j] into the hole at i when its home is not in (i, j] cyclically
      boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!between) {
        table[i] = table[j];
        table[j] = 0;
        i = j;
      }
    }
  }

  private static int slot(long id, int mask) {
    long h = id * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
