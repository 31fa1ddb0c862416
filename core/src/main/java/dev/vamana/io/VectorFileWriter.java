package dev.vamana.io;

import dev.vamana.VamanaException;
import dev.vamana.io.VectorFormat.Element;
import dev.vamana.io.VectorFormat.Layout;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Writes vector files: float vectors as {@code .fvecs} or {@code .fbin}, int32 rows as
 * {@code .ivecs} or {@code .ibin}, ground truth as DiskANN's {@code .gt} file (int32 n, int32 k,
 * n*k int32 ids, n*k float32 distances) or, ids only, as {@code .ivecs} / {@code .ibin}. Byte
 * layouts are those of {@link VectorFormat}, little-endian. Every write goes through
 * {@link AtomicFiles}: temporary file, force, atomic rename, so that a failed write leaves no partial
 * file under the final name. Stateless and thread-safe; the caller must not modify the data while
 * it is written.
 */
public final class VectorFileWriter {
  private static final int BUFFER = 1 << 20;

  private VectorFileWriter() {}

  /** Writes all rows of {@code vectors} to {@code file} ({@code .fvecs} or {@code .fbin}). */
  public static void writeVectors(Path file, VectorStore vectors) {
    writeVectors(file, vectors, null);
  }

  /** Writes all rows of {@code vectors} in {@code format} (by extension when null). */
  public static void writeVectors(Path file, VectorStore vectors, VectorFormat format) {
    VectorFormat f = VectorFormat.of(file, format);
    if (f.element() != Element.FLOAT32) {
      throw new VamanaException("cannot write float vectors to " + file + " as ." + f.extension()
          + " (expected .fvecs or .fbin)");
    }
    int n = vectors.size();
    int d = vectors.dimension();
    AtomicFiles.write(file, ch -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
      if (f.layout() == Layout.BIN) {
        buf.putInt(n).putInt(d);
      }
      float[] row = new float[d];
      for (int r = 0; r < n; r++) {
        vectors.get(r, row);
        if (f.layout() == Layout.TEXMEX) {
          ensure(ch, buf, 4);
          buf.putInt(d);
        }
        for (float x : row) {
          ensure(ch, buf, 4);
          buf.putFloat(x);
        }
      }
      flush(ch, buf);
    });
  }

  /** Writes float rows given as arrays (all of one dimension) to {@code file}. */
  public static void writeVectors(Path file, float[][] rows) {
    if (rows.length == 0) {
      throw new VamanaException("cannot write " + file + ": no vectors");
    }
    VectorStore s = new VectorStore(rows[0].length, rows.length);
    for (float[] r : rows) {
      if (r.length != rows[0].length) {
        throw new VamanaException("cannot write " + file + ": rows of different dimensions ("
            + rows[0].length + " and " + r.length + ")");
      }
      s.append(r);
    }
    writeVectors(file, s, null);
  }

  /** Writes int32 rows to {@code file} ({@code .ivecs} or {@code .ibin}). */
  public static void writeInts(Path file, int[][] rows) {
    writeInts(file, rows, null);
  }

  /**
   * Writes int32 rows in {@code format} (by extension when null). {@code .ibin} and {@code .gt}
   * need rows of one length; for {@code .gt} the distances are written as zeros.
   */
  public static void writeInts(Path file, int[][] rows, VectorFormat format) {
    VectorFormat f = VectorFormat.of(file, format);
    if (f.layout() == Layout.GROUND_TRUTH) {
      writeGroundTruth(file, new GroundTruth(rows, null), f);
      return;
    }
    if (f.element() != Element.INT32) {
      throw new VamanaException("cannot write ids to " + file + " as ." + f.extension()
          + " (expected .ivecs, .ibin or .gt)");
    }
    int d = f.layout() == Layout.BIN ? uniformLength(file, rows) : -1;
    AtomicFiles.write(file, ch -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
      if (f.layout() == Layout.BIN) {
        buf.putInt(rows.length).putInt(d);
      }
      for (int[] row : rows) {
        if (f.layout() == Layout.TEXMEX) {
          ensure(ch, buf, 4);
          buf.putInt(row.length);
        }
        for (int x : row) {
          ensure(ch, buf, 4);
          buf.putInt(x);
        }
      }
      flush(ch, buf);
    });
  }

  /** Writes ground truth in the format of {@code file}'s extension. */
  public static void writeGroundTruth(Path file, GroundTruth gt) {
    writeGroundTruth(file, gt, null);
  }

  /**
   * Writes ground truth in {@code format} (by extension when null): the DiskANN {@code .gt} file
   * with ids and distances (zeros when {@code gt} has none), or ids only for {@code .ivecs} /
   * {@code .ibin}.
   */
  public static void writeGroundTruth(Path file, GroundTruth gt, VectorFormat format) {
    VectorFormat f = VectorFormat.of(file, format);
    if (f.layout() != Layout.GROUND_TRUTH) {
      writeInts(file, gt.ids(), f);
      return;
    }
    int[][] ids = gt.ids();
    int k = uniformLength(file, ids);
    float[][] dists = gt.distances();
    if (dists != null && (dists.length != ids.length || uniformLength(file, dists) != k)) {
      throw new VamanaException("cannot write " + file + ": distances are not " + ids.length
          + " rows of " + k);
    }
    AtomicFiles.write(file, ch -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
      buf.putInt(ids.length).putInt(k);
      for (int[] row : ids) {
        for (int x : row) {
          ensure(ch, buf, 4);
          buf.putInt(x);
        }
      }
      for (int q = 0; q < ids.length; q++) {
        for (int j = 0; j < k; j++) {
          ensure(ch, buf, 4);
          buf.putFloat(dists == null ? 0f : dists[q][j]);
        }
      }
      flush(ch, buf);
    });
  }

  private static int uniformLength(Path file, Object[] rows) {
    if (rows.length == 0) {
      return 0;
    }
    int len = java.lang.reflect.Array.getLength(rows[0]);
    for (int i = 1; i < rows.length; i++) {
      int l = java.lang.reflect.Array.getLength(rows[i]);
      if (l != len) {
        throw new VamanaException("cannot write " + file + ": row " + i + " has " + l
            + " values, row 0 has " + len + " (this format needs rows of one length)");
      }
    }
    return len;
  }

  private static void ensure(FileChannel ch, ByteBuffer buf, int bytes) throws IOException {
    if (buf.remaining() < bytes) {
      flush(ch, buf);
    }
  }

  private static void flush(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }
}
