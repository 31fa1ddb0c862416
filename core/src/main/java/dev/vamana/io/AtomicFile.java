package dev.vamana.io;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes go
 * to a temporary file in the target's directory ({@code .NAME.*.tmp}), are forced to disk, and the
 * temporary file is renamed over the target. On any failure the temporary file is deleted and the
 * target is untouched. Stateless and thread-safe.
 */
public final class AtomicFile {
  /** Writes the whole content to an open channel positioned at 0. */
  @FunctionalInterface
  public interface Body {
    void write(FileChannel channel) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Checks that {@code target} could be written (its directory exists and it is not a directory),
   * so that a command can fail before a long computation rather than after it.
   *
   * @throws VamanaException naming the file and the problem
   */
  public static void checkWritable(Path target) {
    Path abs = target.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw new VamanaException("cannot write " + target + ": it is a directory");
    }
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new VamanaException("cannot write " + target + ": directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new VamanaException("cannot write " + target + ": directory " + dir + " is not writable");
    }
  }

  /**
   * Writes {@code target} atomically with {@code body}.
   *
   * @throws VamanaException naming the file when it cannot be written; exceptions thrown by
   *     {@code body} propagate after the temporary file is removed
   */
  public static void write(Path target, Body body) {
    checkWritable(target);
    Path abs = target.toAbsolutePath();
    Path tmp = null;
    boolean done = false;
    try {
      tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        body.write(ch);
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } catch (NoSuchFileException e) {
      throw new VamanaException("cannot write " + target + ": no such file or directory " + e.getFile(), e);
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": " + e, e);
    } finally {
      if (!done && tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary name never shadows the target
        }
      }
    }
  }
}
