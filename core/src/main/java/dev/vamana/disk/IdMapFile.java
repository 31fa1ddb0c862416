package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.io.CheckedFileReader;
import dev.vamana.io.CheckedFileWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The external id of every node of an SSD index, by ordinal: a side file loaded into RAM.
 *
 * <h2>File layout, little-endian</h2>
 * <pre>
 * offset  size   field
 * 0       4      magic 0x31444956 ("VID1")
 * 4       4      format version = 1
 * 8       8      index id (must equal the layout file's)
 * 16      4      n
 * 20      8 * n  external ids (int64), ordinal after ordinal
 * ..      8      footer: int32 0x52544656, int32 CRC32C of all preceding bytes
 * </pre>
 * Static helpers only; the loaded {@code long[]} belongs to the caller.
 */
public final class IdMapFile {
  static final int MAGIC = 0x31444956;
  static final int VERSION = 1;

  private IdMapFile() {}

  /** Writes and forces the file under a temporary name; the caller publishes or closes the writer. */
  static CheckedFileWriter write(Path file, long indexId, GraphSource g) {
    CheckedFileWriter w = new CheckedFileWriter(file);
    try {
      int n = g.nodeCount();
      w.writeInt(MAGIC).writeInt(VERSION).writeLong(indexId).writeInt(n);
      for (int i = 0; i < n; i++) {
        w.writeLong(g.externalId(i));
      }
      w.finish();
      return w;
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** Reads the ids, checking the checksum, the index id and the count. */
  public static long[] read(Path file, long indexId, int n) {
    try (Arena arena = Arena.ofConfined()) {
      CheckedFileReader r = CheckedFileReader.open(file, arena);
      r.expectInt(MAGIC, "magic");
      r.expectInt(VERSION, "format version");
      long id = r.readLong("index id");
      if (id != indexId) {
        throw new VamanaException(file + ": belongs to another index (index id " + Long.toHexString(id)
            + ", the layout file has " + Long.toHexString(indexId) + ")");
      }
      r.expectInt(n, "node count");
      long[] ids = new long[n];
      if (r.remaining() != 8L * n) {
        throw new VamanaException(file + ": holds " + r.remaining() + " bytes of ids, expected " + 8L * n + " for " + n + " nodes");
      }
      MemorySegment.copy(r.payload(), DiskLayout.LONG, r.position(), ids, 0, n);
      return ids;
    }
  }
}
