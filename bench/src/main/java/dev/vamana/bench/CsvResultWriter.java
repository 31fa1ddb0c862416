package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.io.AtomicFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes result rows as CSV ({@link ResultRow#HEADER} then one line per row, {@code \n} line ends)
 * atomically through {@link AtomicFiles}: the text goes to a temporary file in the target's directory, is forced to disk, then
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
    AtomicFiles.write(file, ch -> {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    });
  }
}
