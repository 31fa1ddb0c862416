package dev.vamana.io;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a file written by {@link CheckedFileWriter}: maps it, verifies the footer and the CRC32C of
 * the whole file, then hands out little-endian fields with bounds checks whose errors name the file
 * and the field. The mapping is owned by the arena passed in; {@link #copyBytes} copies regions
 * into memory of the caller's choosing.
 *
 * <p>Not thread-safe (it has a read cursor). The mapped segment may be shared once parsed.
 */
public final class CheckedFileReader {
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final MemorySegment data;
  private long pos;

  private CheckedFileReader(Path file, MemorySegment data) {
    this.file = file;
    this.data = data;
  }

  /** Maps {@code file} in {@code arena} and verifies its footer and checksum. */
  public static CheckedFileReader open(Path file, Arena arena) {
    MemorySegment all;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new VamanaException(file + ": truncated (" + size + " bytes, expected at least an 8-byte footer)");
      }
      all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    } catch (NoSuchFileException e) {
      throw new VamanaException(file + ": no such file", e);
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read: " + e.getMessage(), e);
    }
    long size = all.byteSize();
    int magic = all.get(INT, size - 8);
    if (magic != CheckedFileWriter.FOOTER_MAGIC) {
      throw new VamanaException(file + ": footer magic is 0x" + Integer.toHexString(magic)
          + ", expected 0x" + Integer.toHexString(CheckedFileWriter.FOOTER_MAGIC) + " (truncated or not a Vamana file)");
    }
    int stored = all.get(INT, size - 4);
    int actual = crc32c(all, 0, size - 4);
    if (stored != actual) {
      throw new VamanaException(file + ": checksum mismatch (stored CRC32C 0x" + Integer.toHexString(stored)
          + ", computed 0x" + Integer.toHexString(actual) + "): the file is corrupt");
    }
    return new CheckedFileReader(file, all.asSlice(0, size - 8));
  }

  /** CRC32C of {@code len} bytes of {@code seg} from {@code off}. */
  public static int crc32c(MemorySegment seg, long off, long len) {
    CRC32C crc = new CRC32C();
    long end = off + len;
    while (off < end) {
      long n = Math.min(end - off, 1L << 30);
      crc.update(seg.asSlice(off, n).asByteBuffer());
      off += n;
    }
    return (int) crc.getValue();
  }

  public Path file() {
    return file;
  }

  /** The payload (the file without its footer). */
  public MemorySegment payload() {
    return data;
  }

  public long position() {
    return pos;
  }

  public long remaining() {
    return data.byteSize() - pos;
  }

  private void need(long n, String field) {
    if (remaining() < n) {
      throw new VamanaException(file + ": truncated at field '" + field + "' (needs " + n + " bytes at offset "
          + pos + ", " + remaining() + " left)");
    }
  }

  public int readInt(String field) {
    need(4, field);
    int v = data.get(INT, pos);
    pos += 4;
    return v;
  }

  public long readLong(String field) {
    need(8, field);
    long v = data.get(LONG, pos);
    pos += 8;
    return v;
  }

  public float readFloat(String field) {
    need(4, field);
    float v = data.get(FLOAT, pos);
    pos += 4;
    return v;
  }

  public void readFloats(float[] dst, int off, int len, String field) {
    need(4L * len, field);
    MemorySegment.copy(data, FLOAT, pos, dst, off, len);
    pos += 4L * len;
  }

  /** Copies the next {@code len} bytes into {@code dst} at {@code dstOff}. */
  public void copyBytes(MemorySegment dst, long dstOff, long len, String field) {
    need(len, field);
    MemorySegment.copy(data, pos, dst, dstOff, len);
    pos += len;
  }

  /** Reads an int and throws unless it equals {@code expected}. */
  public int expectInt(int expected, String field) {
    int v = readInt(field);
    if (v != expected) {
      throw new VamanaException(file + ": field '" + field + "' is " + v + " (0x" + Integer.toHexString(v)
          + "), expected " + expected + " (0x" + Integer.toHexString(expected) + ")");
    }
    return v;
  }

  /** Throws unless every byte has been read. */
  public void expectEnd() {
    if (remaining() != 0) {
      throw new VamanaException(file + ": " + remaining() + " unexpected bytes after offset " + pos);
    }
  }
}
