package dev.vamana.bench;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes result rows as CSV ({@link ResultRow#HEADER} then one line per row, {@code \n} line ends)
 * atomically: the text goes to a temporary file in the target's directory, is forced to disk, then
 * renamed over the target, so a failure never leaves a partial file under the final name. A harness
 * that wants the file to grow during a long run simply rewrites it with all rows so far.
 *
 * <p>Stateless and thread-safe; concurrent writes to the same path end with one complete version.
 */
public final class CsvResultWriter {
  private CsvResultWriter() {}

  /** The CSV text for {@code rows}, header first. */
  public static String toCsv(List<ResultRow> rows) {
    StringBuilder sb = new StringBuilder(ResultRow.HEADER).append('\n');
    for (ResultRow r : rows) {
      sb.append(r.toCsv()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes {@code rows} to {@code file}, replacing it atomically.
   *
   * @throws VamanaException naming the file when it cannot be written
   */
  public static void write(Path file, List<ResultRow> rows) {
    byte[] bytes = toCsv(rows).getBytes(StandardCharsets.UTF_8);
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      if (Files.isDirectory(abs)) {
        throw new VamanaException("cannot write " + file + ": it is a directory");
      }
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new VamanaException("cannot write " + file + ": " + describe(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary name never shadows the final one
        }
      }
    }
  }

  private static String describe(IOException e) {
    String cls = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? cls : cls + " " + e.getMessage();
  }
}
