package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.disk.BuildPhases;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.CheckedFileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Small helpers of the {@code build-disk} and {@code search-disk} commands: memory sizes on the
 * command line, ground-truth and result {@code .ivecs} files, atomic text output, and a progress bar
 * per build phase. Stateless apart from {@link PhaseBars}, which is used by one build at a time.
 */
final class DiskCliSupport {
  private DiskCliSupport() {}

  /** Parses a size in GB ({@code 1.5}) or with a unit suffix ({@code 512M}, {@code 2G}, {@code 64K}). */
  static long parseBytes(String s, String option) {
    String t = s.trim().toUpperCase(Locale.ROOT).replace("B", "");
    double mult = 1L << 30;
    if (t.endsWith("K")) {
      mult = 1L << 10;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("M")) {
      mult = 1L << 20;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("G")) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t);
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      throw new VamanaException(option + " '" + s + "' is not a size (expected GB as a number, or e.g. 512M, 2G)");
    }
  }

  /** Reads the rows of an {@code .ivecs} file (each: int32 k, then k int32). */
  static int[][] readIvecs(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 4) {
        throw new VamanaException(file + ": empty or truncated ground truth");
      }
      ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
      int k = b.getInt(0);
      if (k < 1 || (size % (4L + 4L * k)) != 0) {
        throw new VamanaException(file + ": not an .ivecs file of rows of " + k + " ids (size " + size + ")");
      }
      int n = (int) (size / (4L + 4L * k));
      int[][] rows = new int[n][k];
      for (int i = 0; i < n; i++) {
        long base = i * (4L + 4L * k);
        if (b.getInt((int) base) != k) {
          throw new VamanaException(file + ": row " + i + " has " + b.getInt((int) base) + " ids, row 0 has " + k);
        }
        for (int j = 0; j < k; j++) {
          rows[i][j] = b.getInt((int) (base + 4 + 4L * j));
        }
      }
      return rows;
    } catch (NoSuchFileException e) {
      throw new VamanaException(file + ": no such file", e);
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Writes {@code rows} as {@code .ivecs} via a temporary file and an atomic rename. */
  static void writeIvecs(Path file, long[][] rows) {
    writeAtomically(file, ch -> {
      for (long[] row : rows) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(row.length);
        for (long id : row) {
          if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            throw new VamanaException(file + ": id " + id + " does not fit the int32 of an .ivecs file");
          }
          b.putInt((int) id);
        }
        b.flip();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
    });
  }

  /** Writes a text file via a temporary file and an atomic rename. */
  static void writeText(Path file, String text) {
    writeAtomically(file, ch -> {
      ByteBuffer b = ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
    });
  }

  interface ChannelBody {
    void write(FileChannel ch) throws IOException;
  }

  private static void writeAtomically(Path file, ChannelBody body) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      CheckedFileWriter.makeReadable(temp);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        body.write(ch);
        ch.force(true);
      }
      CheckedFileWriter.moveAtomically(temp, target);
      temp = null;
    } catch (IOException e) {
      throw new VamanaException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** Total bytes of the regular files in {@code dir}. */
  static long directoryBytes(Path dir) {
    try (var files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  /** One progress bar per build phase, and a line per finished phase with its time on {@code log}. */
  static final class PhaseBars implements BuildPhases {
    private final PrintWriter log;
    private ProgressBars bar;
    private String phase;
    private long start;

    PhaseBars(PrintWriter log) {
      this.log = log;
    }

    @Override
    public synchronized ProgressListener start(String name) {
      end();
      phase = name;
      start = System.nanoTime();
      bar = ProgressBars.start(name, 1, "");
      ProgressBars b = bar;
      return b::update;
    }

    private void end() {
      if (bar != null) {
        bar.close();
        log.printf(Locale.ROOT, "  %-50s %8.1f s%n", phase, (System.nanoTime() - start) / 1e9);
        log.flush();
        bar = null;
      }
    }

    @Override
    public synchronized void finish() {
      end();
    }
  }
}
