package dev.vamana.io;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash never leaves a half-written file under its real name: the data
 * goes to a temporary file in the same folder, which is forced to disk and then renamed over the
 * target; the folder is forced too, so the rename itself survives a power cut where the file
 * system allows it. On any failure the temporary file is removed and the target is untouched.
 * Stateless and thread-safe.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the body of a file to an open channel positioned at 0. */
  @FunctionalInterface
  public interface Body {
    void write(FileChannel ch) throws IOException;
  }

  /**
   * Checks that {@code target} could be written (its folder exists and is writable, and it is not
   * itself a folder), so that a command can fail before a long computation rather than after it.
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
      throw new VamanaException("cannot write " + target + ": folder " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new VamanaException("cannot write " + target + ": folder " + dir + " is not writable");
    }
    try { // the permission bits do not tell everything (a read-only mount, /proc, root): create a file there
      Files.delete(Files.createTempFile(dir, "." + abs.getFileName() + ".", ".probe"));
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": cannot create a file in folder " + dir + " ("
          + describe(e) + ")", e);
    }
  }

  /**
   * Writes {@code target} atomically with {@code body}.
   *
   * @throws VamanaException naming the file when it cannot be written; runtime exceptions thrown
   *     by {@code body} propagate after the temporary file is removed
   */
  public static void write(Path target, Body body) {
    checkWritable(target);
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      CheckedFileWriter.makeReadable(tmp); // createTempFile makes it owner-only
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": " + describe(e), e);
    }
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        body.write(ch);
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new VamanaException("cannot write " + target + ": " + describe(e), e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // some file systems do not allow opening a folder; the rename is still atomic there
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // nothing more to do
    }
  }

  /** What went wrong, in words, without Java class names or the temporary file's name. */
  static String describe(IOException e) {
    return switch (e) {
      case java.nio.file.AccessDeniedException x -> "permission denied";
      case java.nio.file.NoSuchFileException x -> "no such file or folder";
      case java.nio.file.FileSystemException x when x.getReason() != null -> x.getReason();
      case java.nio.file.FileSystemException x -> "input/output error";
      default -> e.getMessage() == null ? "input/output error" : e.getMessage();
    };
  }
}
