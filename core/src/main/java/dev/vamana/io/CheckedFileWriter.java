package dev.vamana.io;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes one file the safe way: bytes go to a temporary file beside the target (little-endian,
 * buffered), a CRC32C of every byte is kept, and {@link #commit()} appends the footer, forces the
 * file to disk and renames it atomically onto the final name. {@link #close()} without a commit
 * deletes the temporary file, so a failed write never leaves anything under the final name.
 *
 * <p>Footer (the last 8 bytes of every file written this way): int32 {@link #FOOTER_MAGIC}, then
 * int32 CRC32C of every byte of the file before the CRC itself (footer magic included). Read it
 * back with {@link CheckedFileReader}.
 *
 * <p>Not thread-safe: one writer per thread. Owns its channel and temporary file until closed.
 */
public final class CheckedFileWriter implements AutoCloseable {
  /** "VFTR" read as a little-endian int. */
  public static final int FOOTER_MAGIC = 0x52544656;

  private static final int BUFFER = 1 << 16;

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private long written;
  private boolean committed;

  /** Creates the temporary file for {@code target}; the target's directory must exist and be writable. */
  public CheckedFileWriter(Path target) {
    this.target = target.toAbsolutePath();
    try {
      Path dir = this.target.getParent();
      this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
      makeReadable(temp);
      this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException | SecurityException e) {
      throw new VamanaException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** The temporary file being written (deleted on close without commit). */
  public Path tempFile() {
    return temp;
  }

  /** Bytes written so far. */
  public long position() {
    return written + buf.position();
  }

  private void ensure(int n) {
    if (buf.remaining() < n) {
      flush();
    }
  }

  private void flush() {
    buf.flip();
    crc.update(buf.duplicate());
    try {
      while (buf.hasRemaining()) {
        written += channel.write(buf);
      }
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": " + e.getMessage(), e);
    }
    buf.clear();
  }

  public CheckedFileWriter writeInt(int v) {
    ensure(4);
    buf.putInt(v);
    return this;
  }

  public CheckedFileWriter writeLong(long v) {
    ensure(8);
    buf.putLong(v);
    return this;
  }

  public CheckedFileWriter writeFloat(float v) {
    ensure(4);
    buf.putFloat(v);
    return this;
  }

  public CheckedFileWriter writeFloats(float[] v, int off, int len) {
    for (int i = 0; i < len; i++) {
      writeFloat(v[off + i]);
    }
    return this;
  }

  public CheckedFileWriter writeBytes(byte[] v, int off, int len) {
    while (len > 0) {
      ensure(1);
      int n = Math.min(len, buf.remaining());
      buf.put(v, off, n);
      off += n;
      len -= n;
    }
    return this;
  }

  /** Writes {@code len} bytes of {@code seg} from byte offset {@code off}. */
  public CheckedFileWriter writeSegment(MemorySegment seg, long off, long len) {
    while (len > 0) {
      ensure(1);
      int n = (int) Math.min(len, buf.remaining());
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, MemorySegment.ofBuffer(buf), ValueLayout.JAVA_BYTE, 0, n);
      buf.position(buf.position() + n);
      off += n;
      len -= n;
    }
    return this;
  }

  /** Appends the footer, forces the data to disk and atomically renames the file to its target. */
  public void commit() {
    finish();
    publish();
  }

  /**
   * Appends the footer and forces the temporary file to disk, without renaming it yet: lets a
   * caller finish several files before publishing any of them.
   */
  public void finish() {
    writeInt(FOOTER_MAGIC);
    flush();
    int c = (int) crc.getValue();
    buf.putInt(c);
    flush();
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Renames the finished temporary file onto the target. */
  public void publish() {
    try {
      moveAtomically(temp, target);
      committed = true;
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Gives a new temporary file the usual {@code rw-r--r--} permissions ({@code createTempFile}
   * makes it owner-only), where the file system has POSIX permissions.
   */
  public static void makeReadable(Path file) {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException | IOException ignored) {
      // not a POSIX file system: keep its defaults
    }
  }

  /** Renames {@code from} onto {@code to}, atomically where the file system allows it. */
  public static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the temporary file unless {@link #commit()} succeeded. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // the temp file is deleted next
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // nothing more can be done; the name starts with '.' and ends with .tmp
    }
  }
}
