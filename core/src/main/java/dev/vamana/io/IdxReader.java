package dev.vamana.io;

import dev.vamana.VamanaException;
import dev.vamana.vector.VectorStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX image files (MNIST, Fashion-MNIST; plain or gzip-compressed): big-endian magic
 * {@code 0x00000803} (unsigned bytes, 3 dimensions), the image count, rows and columns, then the
 * pixels. Every image becomes one float vector of {@code rows * cols} values in 0..255. Stateless.
 */
final class IdxReader {
  private static final int MAGIC_UBYTE_3D = 0x00000803;

  private IdxReader() {}

  static VectorStore read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VamanaException(file + ": file does not exist");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(
            file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
      int magic = in.readInt();
      if (magic != MAGIC_UBYTE_3D) {
        throw new VamanaException(file + ": not an IDX file of 3-d unsigned bytes (magic 0x"
            + Integer.toHexString(magic) + ", expected 0x803)");
      }
      int n = in.readInt(), rows = in.readInt(), cols = in.readInt();
      long dim = (long) rows * cols;
      if (n < 0 || rows <= 0 || cols <= 0 || dim > VectorFileReader.MAX_DIMENSION) {
        throw new VamanaException(file + ": invalid IDX header (" + n + " images of " + rows + "x" + cols + ")");
      }
      VectorStore store = new VectorStore((int) dim, n);
      byte[] px = new byte[(int) dim];
      float[] row = new float[(int) dim];
      for (int i = 0; i < n; i++) {
        in.readFully(px);
        for (int j = 0; j < px.length; j++) {
          row[j] = px[j] & 0xff;
        }
        store.set(i, row);
      }
      store.setSize(n);
      return store;
    } catch (EOFException e) {
      throw new VamanaException(file + ": truncated IDX file", e);
    } catch (NoSuchFileException e) {
      throw new VamanaException(file + ": file does not exist", e);
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
