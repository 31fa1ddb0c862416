package dev.vamana.vector;

import dev.vamana.VamanaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Float32 vectors of one dimension, stored row after row in off-heap memory: no {@code float[]}
 * per vector. Rows live in chunks of a power-of-two number of rows, so that the store can grow
 * without copying what it holds and without one allocation limited to 2 GiB; the last chunk grows
 * by doubling. A store can also wrap a memory-mapped region (see {@link #wrap}), chunked into slices
 * of the mapping, so opening an index copies no vectors.
 *
 * <p>Thread-safety: reads of rows below {@link #size()} may run concurrently with each other and
 * with {@link #set} and {@link #ensureCapacity} of other rows. Writers must be serialised per row by
 * the caller; {@link #ensureCapacity} and {@link #append} are synchronised. Memory is owned by the
 * store (allocated with automatic arenas and freed by the garbage collector), or comes from an
 * arena the caller gave and closes, or, for a wrapped mapping, belongs to whoever owns the mapping.
 */
public final class VectorStore {
  static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  /** Target bytes per chunk; a chunk holds the largest power of two of rows that fits. */
  private static final long CHUNK_BYTES = 32L << 20;

  private final int dimension;
  private final long stride;
  private final int shift;
  private final int mask;
  private final Arena arena; // null: each chunk in an automatic arena
  private volatile MemorySegment[] chunks;
  private volatile int size;

  public VectorStore(int dimension) {
    this(dimension, 0);
  }

  public VectorStore(int dimension, int initialCapacity) {
    this(dimension, initialCapacity, null);
  }

  /**
   * A store whose memory comes from {@code arena} (owned by the caller, who closes it when the store
   * is no longer used; memory of chunks replaced by growth is only freed then), or, when null, from
   * automatic arenas the garbage collector frees.
   */
  public VectorStore(int dimension, int initialCapacity, Arena arena) {
    this.arena = arena;
    if (dimension <= 0 || dimension > 65_536) {
      throw new VamanaException("dimension " + dimension + " is out of range (1..65536)");
    }
    this.dimension = dimension;
    this.stride = 4L * dimension;
    int rowsPerChunk = Integer.highestOneBit((int) Math.max(1, Math.min(1 << 30, CHUNK_BYTES / stride)));
    this.shift = Integer.numberOfTrailingZeros(rowsPerChunk);
    this.mask = rowsPerChunk - 1;
    this.chunks = new MemorySegment[0];
    ensureCapacity(initialCapacity);
  }

  /**
   * A store over {@code rows} rows that already lie in {@code region} (little-endian float32, row
   * after row). The region's memory stays owned by the caller and must outlive the store.
   */
  public static VectorStore wrap(MemorySegment region, int dimension, int rows) {
    VectorStore s = new VectorStore(dimension, 0);
    if (region.byteSize() < rows * s.stride) {
      throw new VamanaException("vector region holds " + region.byteSize() + " bytes, expected "
          + rows * s.stride + " for " + rows + " rows of dimension " + dimension);
    }
    int rowsPerChunk = s.mask + 1;
    int nChunks = (int) ((rows + (long) rowsPerChunk - 1) / rowsPerChunk);
    MemorySegment[] cs = new MemorySegment[nChunks];
    for (int c = 0; c < nChunks; c++) {
      long first = (long) c * rowsPerChunk;
      long count = Math.min(rowsPerChunk, rows - first);
      cs[c] = region.asSlice(first * s.stride, count * s.stride);
    }
    s.chunks = cs;
    s.size = rows;
    return s;
  }

  public int dimension() {
    return dimension;
  }

  /** Number of rows written or reserved with {@link #append} / {@link #setSize}. */
  public int size() {
    return size;
  }

  /** Bytes of memory (off-heap or mapped) the chunks span. */
  public long bytes() {
    long b = 0;
    for (MemorySegment c : chunks) {
      b += c.byteSize();
    }
    return b;
  }

  /** The chunk holding {@code row}; use with {@link #offset(int)} in distance kernels. */
  public MemorySegment segment(int row) {
    return chunks[row >>> shift];
  }

  /** Byte offset of {@code row} inside {@link #segment(int)}. */
  public long offset(int row) {
    return (row & mask) * stride;
  }

  /** Copies row {@code row} into {@code dst[0..dimension)}. */
  public void get(int row, float[] dst) {
    MemorySegment.copy(segment(row), FLOAT_LE, offset(row), dst, 0, dimension);
  }

  /** Returns a new array with row {@code row}. */
  public float[] get(int row) {
    float[] v = new float[dimension];
    get(row, v);
    return v;
  }

  /** Writes {@code v} at {@code row}, which must be below the capacity reserved so far. */
  public void set(int row, float[] v) {
    MemorySegment seg = segment(row);
    if (seg.isReadOnly()) {
      seg = writableChunk(row >>> shift);
    }
    MemorySegment.copy(v, 0, seg, FLOAT_LE, offset(row), dimension);
  }

  /** Replaces a read-only (mapped) chunk by a heap-independent copy the first time it is written. */
  private synchronized MemorySegment writableChunk(int c) {
    MemorySegment[] cs = chunks;
    if (cs[c].isReadOnly()) {
      MemorySegment copy = allocate(cs[c].byteSize());
      MemorySegment.copy(cs[c], 0, copy, 0, cs[c].byteSize());
      MemorySegment[] next = cs.clone();
      next[c] = copy;
      chunks = next;
      return copy;
    }
    return cs[c];
  }

  /** Appends a row and returns its index. */
  public synchronized int append(float[] v) {
    int row = size;
    ensureCapacity(row + 1);
    set(row, v);
    size = row + 1;
    return row;
  }

  /** Makes rows {@code [0, n)} addressable; new rows read as zero. */
  public synchronized void ensureCapacity(int n) {
    if (n <= 0) {
      return;
    }
    int rowsPerChunk = mask + 1;
    int needChunks = (int) ((n + (long) rowsPerChunk - 1) / rowsPerChunk);
    MemorySegment[] cs = chunks;
    if (needChunks > cs.length) {
      MemorySegment[] grown = java.util.Arrays.copyOf(cs, needChunks);
      // chunks before the last needed one must be full
      for (int c = 0; c < needChunks; c++) {
        long want = c < needChunks - 1 ? rowsPerChunk * stride : 0;
        if (c == needChunks - 1) {
          long rowsInLast = n - (long) c * rowsPerChunk;
          want = Math.min(rowsPerChunk, Math.max(rowsInLast, grown[c] == null ? rowsInLast : 2 * grown[c].byteSize() / stride)) * stride;
        }
        grown[c] = grownChunk(grown[c], want);
      }
      chunks = grown;
    } else {
      int c = needChunks - 1;
      long rowsInLast = n - (long) c * rowsPerChunk;
      if (cs[c].byteSize() < rowsInLast * stride) {
        long want = Math.min(rowsPerChunk, Math.max(rowsInLast, 2 * cs[c].byteSize() / stride)) * stride;
        MemorySegment[] copy = cs.clone();
        copy[c] = grownChunk(cs[c], want);
        chunks = copy;
      }
    }
  }

  private MemorySegment allocate(long bytes) {
    return (arena == null ? Arena.ofAuto() : arena).allocate(bytes, 64);
  }

  private MemorySegment grownChunk(MemorySegment old, long bytes) {
    if (old != null && old.byteSize() >= bytes) {
      return old;
    }
    MemorySegment seg = allocate(bytes);
    if (old != null) { // also turns a read-only mapped tail chunk into writable memory
      MemorySegment.copy(old, 0, seg, 0, old.byteSize());
    }
    return seg;
  }

  /** Declares rows {@code [0, n)} written (after {@link #ensureCapacity} and {@link #set}). */
  public synchronized void setSize(int n) {
    ensureCapacity(n);
    size = n;
  }
}
