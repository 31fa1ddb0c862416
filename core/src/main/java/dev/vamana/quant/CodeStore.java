package dev.vamana.quant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Fixed-size byte rows (quantised codes) in off-heap chunks of a power-of-two number of rows, so
 * the store grows without copying what it holds. Row {@code r} lives in {@link #segment(int)} at
 * {@link #offset(int)}.
 *
 * <p>Thread-safety: rows may be read while other rows are written and while the store grows
 * ({@link #ensureCapacity} is synchronised and publishes new chunks through a volatile field).
 * Memory is allocated with automatic arenas and freed by the garbage collector.
 */
public final class CodeStore {
  private static final int SHIFT = 14;
  private static final int ROWS = 1 << SHIFT;

  private final int rowBytes;
  private volatile MemorySegment[] chunks = new MemorySegment[0];

  public CodeStore(int rowBytes) {
    this.rowBytes = rowBytes;
  }

  public int rowBytes() {
    return rowBytes;
  }

  public MemorySegment segment(int row) {
    return chunks[row >>> SHIFT];
  }

  public long offset(int row) {
    return (long) (row & (ROWS - 1)) * rowBytes;
  }

  /** Makes rows {@code [0, n)} addressable; the last chunk is sized to what is needed. */
  public synchronized void ensureCapacity(int n) {
    MemorySegment[] cs = chunks;
    int need = (n + ROWS - 1) >>> SHIFT;
    if (need == 0) {
      return;
    }
    long lastRows = n - (long) (need - 1) * ROWS;
    boolean grow = need > cs.length || cs[need - 1].byteSize() < lastRows * rowBytes;
    if (!grow) {
      return;
    }
    MemorySegment[] next = Arrays.copyOf(cs, Math.max(need, cs.length));
    for (int c = 0; c < need; c++) {
      long rows = c < need - 1 ? ROWS : Math.min(ROWS, Math.max(lastRows, next[c] == null ? 0 : 2 * next[c].byteSize() / rowBytes));
      if (next[c] == null || next[c].byteSize() < rows * rowBytes) {
        MemorySegment seg = Arena.ofAuto().allocate(rows * rowBytes, 64);
        if (next[c] != null) {
          MemorySegment.copy(next[c], 0, seg, 0, next[c].byteSize());
        }
        next[c] = seg;
      }
    }
    chunks = next;
  }

  public long bytes() {
    long b = 0;
    for (MemorySegment c : chunks) {
      b += c.byteSize();
    }
    return b;
  }
}
