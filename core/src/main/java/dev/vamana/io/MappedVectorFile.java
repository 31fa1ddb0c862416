package dev.vamana.io;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A float32 vector file mapped into memory for random access by row, without reading it onto the
 * heap: what the SSD build reads when the data may not fit in RAM. Formats, little-endian:
 * {@code .fvecs} (texmex: each row is int32 d then d float32) and {@code .fbin} (DiskANN: int32 n,
 * int32 d, then n rows of d float32). The shape is checked against the file size on open; values
 * are checked for finiteness by the consumer when it reads them.
 *
 * <p>Thread-safe for concurrent {@link #get} (after {@link #readWithoutMapping}, which is not). Owns its mapping (a shared arena) until {@link #close}.
 */
public final class MappedVectorFile implements VectorSource, AutoCloseable {
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final Arena arena;
  private final MemorySegment data;
  private final int rows;
  private final int dim;
  private final long rowStart; // bytes before the first float of row 0
  private final long stride;
  private volatile FileChannel channel; // set by readWithoutMapping
  private ThreadLocal<ReadBuffer> readBuffers;

  private MappedVectorFile(Path file, Arena arena, MemorySegment data, int rows, int dim, long rowStart, long stride) {
    this.file = file;
    this.arena = arena;
    this.data = data;
    this.rows = rows;
    this.dim = dim;
    this.rowStart = rowStart;
    this.stride = stride;
  }

  /** Opens {@code file} as {@code .fvecs} or {@code .fbin}, by its extension. */
  public static MappedVectorFile open(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean fvecs = name.endsWith(".fvecs");
    boolean fbin = name.endsWith(".fbin");
    if (!fvecs && !fbin) {
      throw new VamanaException(file + ": unsupported vector file for the SSD build (expected .fvecs or .fbin)");
    }
    Arena arena = Arena.ofShared();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      MemorySegment seg = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      if (fvecs) {
        if (size < 4) {
          throw new VamanaException(file + ": empty or truncated (" + size + " bytes)");
        }
        int d = seg.get(INT, 0);
        if (d < 1 || d > 65536) {
          throw new VamanaException(file + ": row 0 declares dimension " + d + " (expected 1..65536)");
        }
        long stride = 4L + 4L * d;
        if (size % stride != 0) {
          throw new VamanaException(file + ": size " + size + " is not a multiple of the row size " + stride
              + " for dimension " + d + " (truncated?)");
        }
        long n = size / stride;
        if (n > Integer.MAX_VALUE) {
          throw new VamanaException(file + ": too many rows (" + n + ")");
        }
        for (long i = 0; i < n; i += Math.max(1, n / 1024)) { // spot-check row headers
          int di = seg.get(INT, i * stride);
          if (di != d) {
            throw new VamanaException(file + ": row " + i + " declares dimension " + di + ", row 0 declares " + d);
          }
        }
        return new MappedVectorFile(file, arena, seg, (int) n, d, 4, stride);
      }
      if (size < 8) {
        throw new VamanaException(file + ": empty or truncated (" + size + " bytes, expected an 8-byte header)");
      }
      int n = seg.get(INT, 0), d = seg.get(INT, 4);
      if (n < 0 || d < 1 || d > 65536) {
        throw new VamanaException(file + ": header declares " + n + " rows of dimension " + d);
      }
      long expected = 8 + 4L * n * d;
      if (size != expected) {
        throw new VamanaException(file + ": size " + size + " bytes, expected " + expected + " for " + n + " rows of dimension " + d);
      }
      return new MappedVectorFile(file, arena, seg, n, d, 8, 4L * d);
    } catch (NoSuchFileException e) {
      arena.close();
      throw new VamanaException(file + ": no such file", e);
    } catch (IOException e) {
      arena.close();
      throw new VamanaException(file + ": cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public int size() {
    return rows;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public void get(int row, float[] dst) {
    if (channel == null) {
      MemorySegment.copy(data, FLOAT, row * stride + rowStart, dst, 0, dim);
      return;
    }
    ReadBuffer rb = readBuffers.get();
    ByteBuffer buf = rb.buf.clear();
    long pos = row * stride + rowStart;
    try {
      while (buf.hasRemaining()) {
        if (channel.read(buf, pos + buf.position()) < 0) {
          throw new VamanaException(file + ": ends before row " + row + " (truncated while reading?)");
        }
      }
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read row " + row + ": " + e.getMessage(), e);
    }
    MemorySegment.copy(rb.seg, FLOAT, 0, dst, 0, dim);
  }

  /**
   * Switches {@link #get} from the mapping to positional reads ({@code pread}): the pages read stay
   * in the operating system's page cache and are never mapped into this process, so reading a
   * file larger than a memory budget adds nothing to the process's resident memory. Costs a system
   * call per row. What the SSD build uses when it has a budget: with the mapping, random reads fault
   * in whole neighbourhoods of pages (fault-around, large folios) that count as the process's own.
   */
  public MappedVectorFile readWithoutMapping() {
    if (channel == null) {
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new VamanaException(file + ": cannot read: " + e.getMessage(), e);
      }
      int bytes = Math.toIntExact(4L * dim);
      readBuffers = ThreadLocal.withInitial(() -> new ReadBuffer(bytes));
      if (data.byteSize() > 0) {
        data.unload(); // the pages the shape checks touched
      }
    }
    return this;
  }

  /** One thread's direct read buffer and the segment over it. */
  private static final class ReadBuffer {
    final ByteBuffer buf;
    final MemorySegment seg;

    ReadBuffer(int bytes) {
      buf = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
      seg = MemorySegment.ofBuffer(buf);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only: nothing to lose
      }
    }
    arena.close();
  }
}
