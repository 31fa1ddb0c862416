package dev.vamana.disk;

import dev.vamana.quant.PqCodes;
import dev.vamana.quant.PqDistanceTable;
import dev.vamana.quant.ProductQuantizer;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The scratch state and loop of one beam search over an SSD index (DiskANN's BeamSearch): a
 * candidate list of at most L nodes ordered by PQ distance, a visited bitset, the W read buffers,
 * and the exact distances of the nodes expanded so far. Each round takes the W closest unexpanded
 * candidates, reads their blocks at once (cache hits need none), computes their exact distances from
 * the full vectors that arrive, and scores their unvisited neighbours with the in-RAM PQ codes (all
 * the new neighbours of a node in one {@link PqDistanceTable#distances} batch). The
 * result is the top-k of the expanded nodes by exact distance.
 *
 * <p>Not thread-safe: one instance per query at a time, taken from and returned to the index's pool.
 * After warm-up (arrays grown to the largest L used) a search allocates only its result (and, with
 * virtual-thread reads, W-1 threads per round).
 */
final class BeamSearch {
  private final DiskLayout layout;
  private final BlockReader reader;
  private final NodeCache cache;
  private final PqCodes codes;
  private final VectorKernels kernels;
  private final Metric metric;
  private final int dim;
  private final int width;
  private final PqDistanceTable table;
  private final Arena arena = Arena.ofAuto();

  // candidate list, sorted by PQ distance
  private int[] cOrd = new int[0];
  private float[] cDist = new float[0];
  private boolean[] cExpanded = new boolean[0];
  private int cSize;
  // expanded nodes and their exact distances
  private int[] rOrd = new int[64];
  private float[] rDist = new float[64];
  private int rSize;
  // visited set
  private final long[] visited;
  private int[] touched = new int[256];
  private int touchedCount;
  // one beam round
  private final int[] fOrd;
  private final int[] fSlot;
  private final long[] fOffsets;
  private final int[] readIdx;
  private final MemorySegment[] bufs;
  private final ByteBuffer[] views;
  private final MemorySegment[] out;
  private final BlockReader.Batch batch;
  // the unvisited neighbours of one expanded node and their PQ distances
  private final int[] nbOrd;
  private final float[] nbDist;

  BeamSearch(DiskLayout layout, BlockReader reader, NodeCache cache, ProductQuantizer pq, PqCodes codes, VectorKernels kernels, int width) {
    this.layout = layout;
    this.reader = reader;
    this.cache = cache;
    this.codes = codes;
    this.kernels = kernels;
    this.metric = layout.metric();
    this.dim = layout.dimension();
    this.width = width;
    this.table = pq.newTable();
    this.visited = new long[(layout.nodeCount() + 63) >>> 6];
    this.fOrd = new int[width];
    this.fSlot = new int[width];
    this.fOffsets = new long[width];
    this.readIdx = new int[width];
    this.bufs = new MemorySegment[width];
    this.views = new ByteBuffer[width];
    this.out = new MemorySegment[width];
    this.batch = reader.newBatch(width);
    this.nbOrd = new int[layout.maxDegree()];
    this.nbDist = new float[layout.maxDegree()];
    if (reader.mode() == IoMode.DIRECT) {
      for (int i = 0; i < width; i++) {
        bufs[i] = reader.newBuffer(arena);
        views[i] = bufs[i].asByteBuffer();
      }
    }
  }

  int width() {
    return width;
  }

  /** Bytes of RAM this scratch state holds. */
  long bytes() {
    long b = 8L * visited.length + 9L * cOrd.length + 8L * rOrd.length + 4L * touched.length;
    if (reader.mode() == IoMode.DIRECT) {
      b += (long) width * layout.blockBytes();
    }
    return b + table.bytes() + 8L * nbOrd.length;
  }

  /** Searches for the {@code k} nearest of the prepared {@code query} with list size {@code l}. */
  DiskSearchResult search(float[] query, int k, int l, int w, long[] ids) {
    long t0 = System.nanoTime();
    ensureCapacity(l);
    table.prepare(query);
    cSize = 0;
    rSize = 0;
    int reads = 0, hops = 0, cacheHits = 0;
    long ioNanos = 0;
    int start = layout.medoid();
    visit(start);
    insert(start, table.distance(codes, start), l);
    int rb = layout.recordBytes();
    int dOff = layout.degreeOffset();
    while (true) {
      int f = 0;
      for (int i = 0; i < cSize && f < w; i++) {
        if (!cExpanded[i]) {
          cExpanded[i] = true;
          fOrd[f++] = cOrd[i];
        }
      }
      if (f == 0) {
        break;
      }
      hops++;
      int nReads = 0;
      for (int i = 0; i < f; i++) {
        int slot = cache.slot(fOrd[i]);
        fSlot[i] = slot;
        if (slot < 0) {
          fOffsets[nReads] = layout.blockOffset(fOrd[i]);
          readIdx[i] = nReads++;
        } else {
          cacheHits++;
        }
      }
      if (nReads > 0) {
        long r0 = System.nanoTime();
        reader.read(fOffsets, nReads, bufs, views, out, batch);
        ioNanos += System.nanoTime() - r0;
        reads += nReads;
      }
      for (int i = 0; i < f; i++) {
        int ord = fOrd[i];
        MemorySegment seg;
        long base;
        if (fSlot[i] >= 0) {
          seg = cache.records();
          base = cache.recordOffset(fSlot[i]);
        } else {
          seg = out[readIdx[i]];
          base = layout.offsetInBlock(ord);
        }
        addResult(ord, exactDistance(query, seg, base));
        int deg = seg.get(DiskLayout.INT, base + dOff);
        long nbBase = base + dOff + 4;
        int fresh = 0;
        for (int j = 0; j < deg; j++) {
          int nb = seg.get(DiskLayout.INT, nbBase + 4L * j);
          if (!isVisited(nb)) {
            visit(nb);
            nbOrd[fresh++] = nb;
          }
        }
        if (fresh > 0) {
          table.distances(codes, nbOrd, fresh, nbDist); // all new neighbours at once (see PqDistanceTable)
          for (int j = 0; j < fresh; j++) {
            float d = nbDist[j];
            if (cSize < l || d < cDist[cSize - 1]) {
              insert(nbOrd[j], d, l);
            }
          }
        }
      }
    }
    clearVisited();
    int kk = Math.min(k, rSize);
    long[] outIds = new long[kk];
    float[] outD = new float[kk];
    topK(kk, outIds, outD, ids);
    long bytes = (long) reads * layout.blockBytes();
    return new DiskSearchResult(outIds, outD, reads, hops, bytes, cacheHits, ioNanos, System.nanoTime() - t0);
  }

  private float exactDistance(float[] q, MemorySegment seg, long off) {
    return switch (metric) {
      case L2 -> kernels.squaredL2(q, seg, off, dim);
      case INNER_PRODUCT -> -kernels.dot(q, seg, off, dim);
      case COSINE -> 1f - kernels.dot(q, seg, off, dim);
    };
  }

  private void ensureCapacity(int l) {
    if (cOrd.length < l + 1) {
      cOrd = new int[l + 1];
      cDist = new float[l + 1];
      cExpanded = new boolean[l + 1];
    }
  }

  private void insert(int ord, float d, int l) {
    int lo = 0, hi = cSize;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cDist[mid] <= d) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo >= l) {
      return;
    }
    int move = Math.min(cSize, l - 1) - lo;
    if (move > 0) {
      System.arraycopy(cOrd, lo, cOrd, lo + 1, move);
      System.arraycopy(cDist, lo, cDist, lo + 1, move);
      System.arraycopy(cExpanded, lo, cExpanded, lo + 1, move);
    }
    cOrd[lo] = ord;
    cDist[lo] = d;
    cExpanded[lo] = false;
    if (cSize < l) {
      cSize++;
    }
  }

  private void addResult(int ord, float d) {
    if (rSize == rOrd.length) {
      rOrd = Arrays.copyOf(rOrd, rSize * 2);
      rDist = Arrays.copyOf(rDist, rSize * 2);
    }
    rOrd[rSize] = ord;
    rDist[rSize++] = d;
  }

  private boolean isVisited(int ord) {
    return (visited[ord >>> 6] & (1L << ord)) != 0;
  }

  private void visit(int ord) {
    int w = ord >>> 6;
    if (visited[w] == 0) {
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = w;
    }
    visited[w] |= 1L << ord;
  }

  private void clearVisited() {
    for (int i = 0; i < touchedCount; i++) {
      visited[touched[i]] = 0;
    }
    touchedCount = 0;
  }

  /** Selects the k smallest exact distances of the expanded nodes, nearest first (ties: lower ordinal). */
  private void topK(int k, long[] outIds, float[] outD, long[] ids) {
    int[] best = new int[k];
    int size = 0;
    for (int i = 0; i < rSize; i++) {
      float d = rDist[i];
      if (size == k && !closer(i, best[k - 1])) {
        continue;
      }
      int pos = size < k ? size++ : k - 1;
      while (pos > 0 && closer(i, best[pos - 1])) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
      assert d == rDist[i];
    }
    for (int i = 0; i < k; i++) {
      outIds[i] = ids[rOrd[best[i]]];
      outD[i] = rDist[best[i]];
    }
  }

  private boolean closer(int a, int b) {
    return rDist[a] < rDist[b] || (rDist[a] == rDist[b] && rOrd[a] < rOrd[b]);
  }
}
