package dev.vamana.disk;

import dev.vamana.VamanaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The records of the nodes nearest the entry point in graph hops, kept in RAM so that the first
 * rounds of every beam search read nothing from disk. Filled once by a breadth-first search from the
 * medoid: records come from the node-cache side file ({@link NodeCacheFile}) for the BFS prefix it
 * holds and are read from the layout file beyond it, so the result does not depend on the file.
 * Lookups are a binary search over the sorted cached ordinals.
 *
 * <p>Immutable after construction and thread-safe. Records live in off-heap memory owned by an
 * automatic arena.
 */
final class NodeCache {
  static final NodeCache EMPTY = new NodeCache(new int[0], MemorySegment.NULL, 0, 0);

  private final int[] ords; // sorted
  private final MemorySegment records; // record of ords[i] at i * recordBytes
  private final int recordBytes;
  private final int fromFile;

  private NodeCache(int[] ords, MemorySegment records, int recordBytes, int fromFile) {
    this.ords = ords;
    this.records = records;
    this.recordBytes = recordBytes;
    this.fromFile = fromFile;
  }

  /** The first {@code count} nodes in BFS order from the medoid and their records, in that order. */
  record BfsOrder(int[] order, MemorySegment records, int count) {}

  /**
   * Up to {@code count} nodes in BFS order from the medoid; the first {@code prefix.count()} come
   * from {@code prefix} (the BFS order held by the side file, checked against the BFS as it goes;
   * null when there is none), the rest are read with {@code reader}.
   */
  static NodeCache load(DiskLayout layout, BlockReader reader, int count, NodeCacheFile.Loaded prefix) {
    BfsOrder bfs = bfs(layout, reader, count, prefix);
    int loaded = bfs.count();
    if (loaded == 0) {
      return EMPTY;
    }
    int rb = layout.recordBytes();
    int[] order = bfs.order();
    Integer[] idx = new Integer[loaded];
    for (int i = 0; i < loaded; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Integer.compare(order[a], order[b]));
    int[] sorted = new int[loaded];
    MemorySegment recs = Arena.ofAuto().allocate((long) loaded * rb, 64);
    for (int i = 0; i < loaded; i++) {
      sorted[i] = order[idx[i]];
      MemorySegment.copy(bfs.records(), (long) idx[i] * rb, recs, (long) i * rb, rb);
    }
    int fromFile = prefix == null ? 0 : Math.min(loaded, prefix.count());
    return new NodeCache(sorted, recs, rb, fromFile);
  }

  /** The BFS from the medoid, records from {@code prefix} while it lasts, then from disk. */
  static BfsOrder bfs(DiskLayout layout, BlockReader reader, int count, NodeCacheFile.Loaded prefix) {
    int n = layout.nodeCount();
    count = Math.min(count, n);
    if (count <= 0) {
      return new BfsOrder(new int[0], MemorySegment.NULL, 0);
    }
    int rb = layout.recordBytes();
    int dOff = layout.degreeOffset();
    MemorySegment recs = Arena.ofAuto().allocate((long) count * rb, 64);
    int[] order = new int[count];
    long[] seen = new long[(n + 63) >>> 6];
    int head = 0, tail = 0;
    order[tail++] = layout.medoid();
    seen[layout.medoid() >>> 6] |= 1L << layout.medoid();
    int fromPrefix = prefix == null ? 0 : Math.min(prefix.count(), count);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment[] bufs = {reader.newBuffer(arena)};
      ByteBuffer[] views = {bufs[0].asByteBuffer()};
      MemorySegment[] out = new MemorySegment[1];
      long[] offs = new long[1];
      while (head < tail) {
        int ord = order[head];
        MemorySegment rec;
        if (head < fromPrefix) {
          if (prefix.ordinal(head) != ord) {
            throw new VamanaException(prefix.file() + ": cached node " + head + " is node " + prefix.ordinal(head)
                + ", but the breadth-first search of the layout reaches node " + ord + " there (the file does not match the graph)");
          }
          rec = prefix.record(head);
        } else {
          offs[0] = layout.blockOffset(ord);
          reader.read(offs, 1, bufs, views, out, null);
          rec = out[0].asSlice(layout.offsetInBlock(ord), rb);
        }
        MemorySegment.copy(rec, 0, recs, (long) head * rb, rb);
        head++;
        int deg = rec.get(DiskLayout.INT, dOff);
        if (deg < 0 || deg > layout.maxDegree()) {
          throw new VamanaException((head <= fromPrefix ? prefix.file() : "layout file") + ": node " + ord + " has degree " + deg
              + ", expected 0.." + layout.maxDegree());
        }
        for (int j = 0; j < deg && tail < count; j++) {
          int nb = rec.get(DiskLayout.INT, dOff + 4 + 4L * j);
          if (nb < 0 || nb >= n) {
            throw new VamanaException("node " + ord + " has neighbour " + nb + " out of range 0.." + (n - 1));
          }
          if ((seen[nb >>> 6] & (1L << nb)) == 0) {
            seen[nb >>> 6] |= 1L << nb;
            order[tail++] = nb;
          }
        }
      }
    }
    return new BfsOrder(order, recs, head);
  }

  /** The slot of {@code ord}, or -1 when it is not cached. */
  int slot(int ord) {
    int s = Arrays.binarySearch(ords, ord);
    return s >= 0 ? s : -1;
  }

  /** The cached record in slot {@code slot}. */
  MemorySegment records() {
    return records;
  }

  long recordOffset(int slot) {
    return (long) slot * recordBytes;
  }

  int size() {
    return ords.length;
  }

  /** How many of the cached nodes came from the side file (the rest were read from the layout). */
  int fromFile() {
    return fromFile;
  }

  /** Bytes of RAM held: records and the ordinal table. */
  long bytes() {
    return (long) ords.length * recordBytes + 4L * ords.length;
  }
}
