package dev.vamana.disk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The records of the nodes nearest the entry point in graph hops, kept in RAM so that the first
 * rounds of every beam search read nothing from disk. Filled once by a breadth-first search from the
 * medoid that reads the layout file; lookups are a binary search over the sorted cached ordinals.
 *
 * <p>Immutable after construction and thread-safe. Records live in off-heap memory owned by an
 * automatic arena.
 */
final class NodeCache {
  static final NodeCache EMPTY = new NodeCache(new int[0], MemorySegment.NULL, 0);

  private final int[] ords; // sorted
  private final MemorySegment records; // record of ords[i] at i * recordBytes
  private final int recordBytes;

  private NodeCache(int[] ords, MemorySegment records, int recordBytes) {
    this.ords = ords;
    this.records = records;
    this.recordBytes = recordBytes;
  }

  /** Reads up to {@code count} nodes in BFS order from the medoid. */
  static NodeCache load(DiskLayout layout, BlockReader reader, int count) {
    int n = layout.nodeCount();
    count = Math.min(count, n);
    if (count <= 0) {
      return EMPTY;
    }
    int rb = layout.recordBytes();
    int dOff = layout.degreeOffset();
    MemorySegment tmp = Arena.ofAuto().allocate((long) count * rb, 64);
    int[] order = new int[count];
    long[] seen = new long[(n + 63) >>> 6];
    int head = 0, tail = 0;
    order[tail++] = layout.medoid();
    seen[layout.medoid() >>> 6] |= 1L << layout.medoid();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment[] bufs = {reader.newBuffer(arena)};
      ByteBuffer[] views = {bufs[0].asByteBuffer()};
      MemorySegment[] out = new MemorySegment[1];
      long[] offs = new long[1];
      while (head < tail) {
        int ord = order[head];
        offs[0] = layout.blockOffset(ord);
        reader.read(offs, 1, bufs, views, out, null);
        MemorySegment rec = out[0].asSlice(layout.offsetInBlock(ord), rb);
        MemorySegment.copy(rec, 0, tmp, (long) head * rb, rb);
        head++;
        int deg = rec.get(DiskLayout.INT, dOff);
        for (int j = 0; j < deg && tail < count; j++) {
          int nb = rec.get(DiskLayout.INT, dOff + 4 + 4L * j);
          if ((seen[nb >>> 6] & (1L << nb)) == 0) {
            seen[nb >>> 6] |= 1L << nb;
            order[tail++] = nb;
          }
        }
      }
    }
    int loaded = head;
    Integer[] idx = new Integer[loaded];
    for (int i = 0; i < loaded; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Integer.compare(order[a], order[b]));
    int[] sorted = new int[loaded];
    MemorySegment recs = Arena.ofAuto().allocate(Math.max(1L, (long) loaded * rb), 64);
    for (int i = 0; i < loaded; i++) {
      sorted[i] = order[idx[i]];
      MemorySegment.copy(tmp, (long) idx[i] * rb, recs, (long) i * rb, rb);
    }
    return new NodeCache(sorted, recs, rb);
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

  /** Bytes of RAM held: records and the ordinal table. */
  long bytes() {
    return (long) ords.length * recordBytes + 4L * ords.length;
  }
}
