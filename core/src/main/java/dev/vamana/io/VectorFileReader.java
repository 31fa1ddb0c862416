package dev.vamana.io;

import dev.vamana.VamanaException;
import dev.vamana.io.VectorFormat.Element;
import dev.vamana.io.VectorFormat.Layout;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the vector files of {@link VectorFormat}: float data (float32, uint8, int8 converted to
 * float32) into a {@link VectorStore}, int32 data into {@code int[][]}, ground truth into a
 * {@link GroundTruth}. The file is memory-mapped for the read (FFM, a confined arena unmapped
 * before returning); the returned store owns its memory and does not depend on the file.
 *
 * <p>Every problem with the input is a {@link VamanaException} whose one-line message starts with
 * the file name: missing or empty file, truncated file (size not a whole number of rows, or a header
 * disagreeing with the size), a row whose dimension differs from the first row's, a NaN or infinite
 * value (row and column, 0-based), a dimension outside {@code 1..}{@value #MAX_DIMENSION}, an
 * unknown extension, a file of the wrong kind (ids where vectors are expected).
 *
 * <p>Stateless and thread-safe.
 */
public final class VectorFileReader {
  /** Largest dimension (or k) accepted; anything larger is taken as a corrupt header. */
  public static final int MAX_DIMENSION = 65_536;

  static final ValueLayout.OfInt INT_LE =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** Rows and dimension (or k) of a file, as its header or its size says. */
  public record Shape(int rows, int dimension) {}

  private VectorFileReader() {}

  /** Reads float vectors from {@code file}, format by extension. */
  public static VectorStore readVectors(Path file) {
    return readVectors(file, null);
  }

  /** Reads float vectors from {@code file} in {@code format} (by extension when null). */
  public static VectorStore readVectors(Path file, VectorFormat format) {
    VectorFormat f = VectorFormat.of(file, format);
    if (!f.holdsVectors()) {
      throw new VamanaException(file + ": a ." + f.extension() + " file holds ids, not vectors "
          + "(expected .fvecs, .bvecs, .fbin, .u8bin or .i8bin)");
    }
    if (f == VectorFormat.IDX) {
      return IdxReader.read(file);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = map(file, arena);
      Frame fr = frame(file, seg, f);
      VectorStore store = new VectorStore(fr.dim, fr.rows);
      float[] row = new float[fr.dim];
      byte[] bytes = f.element() == Element.FLOAT32 ? null : new byte[fr.dim];
      for (int r = 0; r < fr.rows; r++) {
        long off = fr.rowOffset(r);
        switch (f.element()) {
          case FLOAT32 -> {
            MemorySegment.copy(seg, FLOAT_LE, off, row, 0, fr.dim);
            checkFinite(file, row, r);
          }
          case UINT8 -> {
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, bytes, 0, fr.dim);
            for (int i = 0; i < fr.dim; i++) {
              row[i] = bytes[i] & 0xff;
            }
          }
          case INT8 -> {
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, bytes, 0, fr.dim);
            for (int i = 0; i < fr.dim; i++) {
              row[i] = bytes[i];
            }
          }
          case INT32 -> throw new AssertionError(f);
        }
        store.set(r, row);
      }
      store.setSize(fr.rows);
      return store;
    }
  }

  /** Reads int32 rows from an {@code .ivecs}, {@code .ibin} or ground-truth file (ids only). */
  public static int[][] readInts(Path file) {
    return readInts(file, null);
  }

  /** Reads int32 rows from {@code file} in {@code format} (by extension when null). */
  public static int[][] readInts(Path file, VectorFormat format) {
    return readGroundTruth(file, format, false).ids();
  }

  /**
   * Reads ground truth: ids (and distances for the DiskANN format) of each query, nearest first.
   * Ids must not be negative.
   */
  public static GroundTruth readGroundTruth(Path file) {
    return readGroundTruth(file, null);
  }

  /** Reads ground truth from {@code file} in {@code format} (by extension when null). */
  public static GroundTruth readGroundTruth(Path file, VectorFormat format) {
    GroundTruth gt = readGroundTruth(file, format, true);
    int[][] ids = gt.ids();
    for (int q = 0; q < ids.length; q++) {
      for (int j = 0; j < ids[q].length; j++) {
        if (ids[q][j] < 0) {
          throw new VamanaException(file + ": row " + q + ", column " + j
              + " (0-based) holds the negative id " + ids[q][j]);
        }
      }
    }
    return gt;
  }

  private static GroundTruth readGroundTruth(Path file, VectorFormat format, boolean withDistances) {
    VectorFormat f = VectorFormat.of(file, format);
    if (!f.holdsInts()) {
      throw new VamanaException(file + ": a ." + f.extension() + " file holds vectors, not ids "
          + "(expected .ivecs, .ibin or .gt)");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = map(file, arena);
      Frame fr = frame(file, seg, f);
      int[][] ids = new int[fr.rows][fr.dim];
      for (int r = 0; r < fr.rows; r++) {
        MemorySegment.copy(seg, INT_LE, fr.rowOffset(r), ids[r], 0, fr.dim);
      }
      float[][] dists = null;
      if (withDistances && fr.hasDistances) {
        dists = new float[fr.rows][fr.dim];
        long base = 8 + (long) fr.rows * fr.dim * 4;
        for (int r = 0; r < fr.rows; r++) {
          MemorySegment.copy(seg, FLOAT_LE, base + (long) r * fr.dim * 4, dists[r], 0, fr.dim);
        }
      }
      return new GroundTruth(ids, dists);
    }
  }

  /** Rows and dimension of {@code file}, validated as a read would, without reading the values. */
  public static Shape shape(Path file, VectorFormat format) {
    VectorFormat f = VectorFormat.of(file, format);
    if (f == VectorFormat.IDX) {
      VectorStore v = IdxReader.read(file);
      return new Shape(v.size(), v.dimension());
    }
    try (Arena arena = Arena.ofConfined()) {
      Frame fr = frame(file, map(file, arena), f);
      return new Shape(fr.rows, fr.dim);
    }
  }

  /** Where the rows of a validated file lie. */
  private record Frame(int rows, int dim, long first, long stride, boolean hasDistances) {
    long rowOffset(int r) {
      return first + r * stride;
    }
  }

  private static Frame frame(Path file, MemorySegment seg, VectorFormat f) {
    long size = seg.byteSize();
    int eb = f.element().bytes();
    if (f.layout() == Layout.TEXMEX) {
      if (size < 4) {
        throw new VamanaException(file + ": truncated: " + size + " bytes, less than one row header");
      }
      int d = seg.get(INT_LE, 0);
      checkDimension(file, d, "row 0 dimension");
      long stride = 4 + (long) d * eb;
      long rows = size / stride;
      if (size % stride != 0) {
        checkRowDimensions(file, seg, d, stride, rows);
        throw new VamanaException(file + ": truncated: " + size + " bytes is not a whole number of "
            + "rows of dimension " + d + " (" + stride + " bytes each)");
      }
      checkRowCount(file, rows);
      checkRowDimensions(file, seg, d, stride, rows);
      return new Frame((int) rows, d, 4, stride, false);
    }
    if (size < 8) {
      throw new VamanaException(file + ": truncated: " + size + " bytes, less than the 8-byte header");
    }
    int n = seg.get(INT_LE, 0);
    int d = seg.get(INT_LE, 4);
    String dimName = f.layout() == Layout.GROUND_TRUTH ? "k" : "dimension";
    if (n < 0) {
      throw new VamanaException(file + ": header row count " + n + " is negative");
    }
    checkDimension(file, d, "header " + dimName);
    checkRowCount(file, n);
    long values = (long) n * d;
    long expected = 8 + values * eb;
    boolean hasDistances = false;
    if (f.layout() == Layout.GROUND_TRUTH) {
      hasDistances = size == 8 + values * 8;
      if (hasDistances) {
        expected = size;
      }
    }
    if (size != expected) {
      String what = f.layout() == Layout.GROUND_TRUTH
          ? expected + " (ids only) or " + (8 + values * 8) + " (ids and distances)"
          : Long.toString(expected);
      throw new VamanaException(file + ": " + (size < expected ? "truncated: " : "")
          + "header says " + n + " rows x " + d + " " + dimName + " = " + what
          + " bytes, but the file holds " + size + " bytes");
    }
    return new Frame(n, d, 8, (long) d * eb, hasDistances);
  }

  private static void checkRowDimensions(Path file, MemorySegment seg, int d, long stride, long rows) {
    for (long r = 1; r < rows; r++) {
      int dr = seg.get(INT_LE, r * stride);
      if (dr != d) {
        throw new VamanaException(file + ": row " + r + " (0-based) has dimension " + dr
            + ", but row 0 has " + d);
      }
    }
  }

  private static void checkDimension(Path file, int d, String what) {
    if (d <= 0 || d > MAX_DIMENSION) {
      throw new VamanaException(file + ": " + what + " is " + d + ", expected 1.." + MAX_DIMENSION
          + " (corrupt file or wrong format?)");
    }
  }

  private static void checkRowCount(Path file, long rows) {
    if (rows == 0) {
      throw new VamanaException(file + ": holds no rows");
    }
    if (rows > Integer.MAX_VALUE - 8) {
      throw new VamanaException(file + ": " + rows + " rows, more than " + (Integer.MAX_VALUE - 8)
          + " are not supported");
    }
  }

  private static void checkFinite(Path file, float[] row, int r) {
    for (int i = 0; i < row.length; i++) {
      if (!Float.isFinite(row[i])) {
        throw new VamanaException(file + ": row " + r + ", column " + i + " (0-based) holds "
            + row[i] + "; vectors must be finite");
      }
    }
  }

  private static MemorySegment map(Path file, Arena arena) {
    if (Files.isDirectory(file)) {
      throw new VamanaException(file + ": is a directory, expected a vector file");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        throw new VamanaException(file + ": file is empty");
      }
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    } catch (NoSuchFileException e) {
      throw new VamanaException(file + ": no such file", e);
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read: " + e, e);
    }
  }
}
