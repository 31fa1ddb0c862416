package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.io.CheckedFileReader;
import dev.vamana.io.CheckedFileWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node-cache side file {@value DiskIndexWriter#CACHE} of an SSD index: the first {@code N}
 * nodes of the breadth-first search from the medoid, with their layout records, so that opening
 * the index fills its {@link NodeCache} without walking the graph on disk. Optional: without it
 * (or for a cache larger than {@code N}) the open reads the missing nodes from the layout file.
 *
 * <h2>File layout, little-endian</h2>
 * <pre>
 * offset          size     field
 * 0               4        magic 0x31434E56 ("VNC1")
 * 4               4        format version = 1
 * 8               8        index id (must equal the layout file's)
 * 16              4        n, nodes in the index (must equal the layout's)
 * 20              4        record bytes B = 4 * dim + 4 + 4 * R (must equal the layout's)
 * 24              4        N, cached nodes (0 &lt;= N &lt;= n)
 * 28              4 * N    node ordinals in BFS order from the medoid (the first is the medoid)
 * 28 + 4N         B * N    their records in the same order, byte for byte as in the layout file:
 *                          dim float32 (the stored vector), int32 degree, R int32 neighbour slots
 * 28 + (4 + B)N   8        footer: int32 0x52544656, int32 CRC32C of all preceding bytes
 * </pre>
 * A prefix of the order is itself a BFS order, so loading {@code M <= N} nodes takes the first M.
 *
 * <p>Static helpers only; a {@link Loaded} view is valid while the arena it was read in is open.
 */
public final class NodeCacheFile {
  static final int MAGIC = 0x31434E56;
  static final int VERSION = 1;

  private NodeCacheFile() {}

  /**
   * Writes the side file of the index in {@code dir} with the first {@code count} (capped at the
   * node count) nodes of its BFS order, reading them from the layout file (temporary file, force,
   * atomic rename). Returns the number of nodes written; {@code count <= 0} writes nothing and
   * removes an existing side file.
   */
  public static int write(Path dir, int count) {
    Path file = dir.resolve(DiskIndexWriter.CACHE);
    if (count <= 0) {
      delete(file);
      return 0;
    }
    Path lf = dir.resolve(DiskIndexWriter.LAYOUT);
    DiskLayout layout = DiskIndex.readLayout(lf, false);
    try (BlockReader reader = new BlockReader(lf, IoMode.DIRECT, ReadConcurrency.SERIAL, 1, layout.blockBytes());
        CheckedFileWriter w = new CheckedFileWriter(file)) {
      NodeCache.BfsOrder bfs = NodeCache.bfs(layout, reader, count, null);
      int c = bfs.count();
      int rb = layout.recordBytes();
      w.writeInt(MAGIC).writeInt(VERSION).writeLong(layout.indexId()).writeInt(layout.nodeCount()).writeInt(rb).writeInt(c);
      for (int i = 0; i < c; i++) {
        w.writeInt(bfs.order()[i]);
      }
      w.writeSegment(bfs.records(), 0, (long) c * rb);
      w.commit();
      return c;
    }
  }

  /** The BFS prefix held by a side file, mapped; see the class javadoc. */
  record Loaded(Path file, MemorySegment payload, long ordsOffset, long recordsOffset, int count, int recordBytes) {
    int ordinal(int i) {
      return payload.get(DiskLayout.INT, ordsOffset + 4L * i);
    }

    MemorySegment record(int i) {
      return payload.asSlice(recordsOffset + (long) i * recordBytes, recordBytes);
    }
  }

  /**
   * Maps {@code file} in {@code arena} and checks its checksum, that it belongs to the index of
   * {@code layout}, and its sizes; returns null when the file does not exist.
   */
  static Loaded read(Path file, DiskLayout layout, Arena arena) {
    if (!Files.exists(file)) {
      return null;
    }
    CheckedFileReader r = CheckedFileReader.open(file, arena);
    r.expectInt(MAGIC, "magic");
    r.expectInt(VERSION, "format version");
    long id = r.readLong("index id");
    if (id != layout.indexId()) {
      throw new VamanaException(file + ": belongs to another index (index id " + Long.toHexString(id)
          + ", the layout file has " + Long.toHexString(layout.indexId()) + ")");
    }
    r.expectInt(layout.nodeCount(), "node count");
    r.expectInt(layout.recordBytes(), "record bytes");
    int c = r.readInt("cached nodes");
    if (c < 0 || c > layout.nodeCount()) {
      throw new VamanaException(file + ": field 'cached nodes' is " + c + ", expected 0.." + layout.nodeCount());
    }
    long need = (4L + layout.recordBytes()) * c;
    if (r.remaining() != need) {
      throw new VamanaException(file + ": holds " + r.remaining() + " bytes after the header, expected " + need + " for " + c
          + " nodes of " + layout.recordBytes() + " bytes");
    }
    long ords = r.position();
    return new Loaded(file, r.payload(), ords, ords + 4L * c, c, layout.recordBytes());
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (java.io.IOException e) {
      throw new VamanaException("cannot remove the stale node-cache file " + p + ": " + e.getMessage(), e);
    }
  }
}
