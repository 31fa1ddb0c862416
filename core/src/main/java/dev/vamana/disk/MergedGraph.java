package dev.vamana.disk;

import dev.vamana.graph.NeighborPruner;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The graph the layout writer streams after a {@link PartitionedBuild}: node g's neighbours are
 * the union of the lists its two shards gave it (read from the temporary edge file), cut back to R
 * by RobustPrune when longer. Blocks of {@value #MERGE_BLOCK} nodes are merged in parallel on a pool
 * this object owns, just ahead of the writer.
 *
 * <p>Edge file: for node g and slot j in {0, 1}, at byte {@code (2g + j) * (4 + 4R')}: int32
 * degree, R' int32 global neighbour ids. Not thread-safe (the writer calls from one thread);
 * {@link #close} shuts the pool, unmaps and deletes the edge file.
 */
final class MergedGraph implements GraphSource, AutoCloseable {
  private static final int MERGE_BLOCK = 2048;

  private final VectorSource src;
  private final Metric metric;
  private final int dim;
  private final int r;
  private final int shardR;
  private final float alpha;
  private final int n;
  private final int medoid;
  private final Path edgeFile;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment edges;
  private final int slotBytes;
  private final ExecutorService pool;
  private final int threads;
  private final ProgressListener mergeProgress;
  // the current merged block
  private int blockStart = -1;
  private final int[] blockAdj;
  private final int[] blockDeg;

  MergedGraph(VectorSource src, Metric metric, int r, int shardR, float alpha, int medoid, Path edgeFile,
      int threads, ProgressListener mergeProgress) throws IOException {
    this.src = src;
    this.metric = metric;
    this.dim = src.dimension();
    this.r = r;
    this.shardR = shardR;
    this.alpha = alpha;
    this.n = src.size();
    this.medoid = medoid;
    this.edgeFile = edgeFile;
    this.slotBytes = 4 + 4 * shardR;
    try (FileChannel ch = FileChannel.open(edgeFile, StandardOpenOption.READ)) {
      this.edges = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
    }
    this.threads = Math.max(1, threads);
    this.pool = Executors.newFixedThreadPool(this.threads);
    this.mergeProgress = mergeProgress;
    this.blockAdj = new int[MERGE_BLOCK * r];
    this.blockDeg = new int[MERGE_BLOCK];
  }

  // ---- GraphSource over the merged lists ----

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public int maxDegree() {
    return r;
  }

  @Override
  public int nodeCount() {
    return n;
  }

  @Override
  public int entryPoint() {
    return medoid;
  }

  @Override
  public void vector(int ord, float[] dst) {
    src.get(ord, dst);
    PartitionedBuild.prepareInPlace(metric, dst, ord);
  }

  @Override
  public long externalId(int ord) {
    return ord;
  }

  @Override
  public int neighbors(int ord, int[] dst) {
    if (blockStart < 0 || ord < blockStart || ord >= blockStart + MERGE_BLOCK) {
      mergeBlock(ord - ord % MERGE_BLOCK);
    }
    int i = ord - blockStart;
    System.arraycopy(blockAdj, i * r, dst, 0, blockDeg[i]);
    return blockDeg[i];
  }

  private void mergeBlock(int start) {
    blockStart = start;
    int end = Math.min(n, start + MERGE_BLOCK);
    int parts = threads;
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < parts; t++) {
      int from = start + (int) ((long) (end - start) * t / parts), to = start + (int) ((long) (end - start) * (t + 1) / parts);
      fs.add(pool.submit(() -> mergeRange(from, to)));
    }
    for (Future<?> f : fs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      }
    }
    // the block's edge records are read: release their pages from the process (page cache keeps them)
    edges.asSlice(2L * start * slotBytes, 2L * (end - start) * slotBytes).unload();
    if (mergeProgress != null) {
      mergeProgress.update(end, n);
    }
  }

  private void mergeRange(int from, int to) {
    int maxCand = 2 * shardR;
    NeighborPruner prune = new NeighborPruner(metric, dim, alpha, r, maxCand);
    int[] cand = new int[maxCand];
    float[] p = new float[dim];
    float[] tmp = new float[dim];
    int[] out = new int[r];
    for (int g = from; g < to; g++) {
      int count = 0;
      for (int slot = 0; slot < 2; slot++) {
        long base = (2L * g + slot) * slotBytes;
        int deg = edges.get(DiskLayout.INT, base);
        for (int j = 0; j < deg; j++) {
          int x = edges.get(DiskLayout.INT, base + 4 + 4L * j);
          if (x == g || x < 0) {
            continue;
          }
          boolean dup = false;
          for (int c = 0; c < count; c++) {
            if (cand[c] == x) {
              dup = true;
              break;
            }
          }
          if (!dup) {
            cand[count++] = x;
          }
        }
      }
      int bi = g - blockStart;
      if (count <= r) {
        System.arraycopy(cand, 0, blockAdj, bi * r, count);
        blockDeg[bi] = count;
        continue;
      }
      vector(g, p);
      for (int c = 0; c < count; c++) {
        vector(cand[c], tmp);
        prune.set(c, cand[c], tmp);
      }
      int kept = prune.prune(p, count, out);
      System.arraycopy(out, 0, blockAdj, bi * r, kept);
      blockDeg[bi] = kept;
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** Shuts the merge pool down, unmaps and deletes the edge file. */
  @Override
  public void close() {
    pool.shutdownNow();
    arena.close();
    deleteQuietly(edgeFile);
  }
}
