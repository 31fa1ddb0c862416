package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.VectorSource;
import dev.vamana.quant.KMeans;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded-memory graph build of DiskANN: k-means on a sample splits the data into
 * {@code shards} shards, every vector joins its 2 nearest shards, each shard's graph is built in
 * memory one at a time (degree about 2R/3) and its neighbour lists, in global ids, are written to a
 * temporary edge file; the graph handed to the layout writer then merges each node's two lists by
 * RobustPrune over their union (better than DiskANN's random truncation). Only one shard's vectors
 * are in memory at a time, off-heap, freed before the next shard starts.
 *
 * <p>Static steps only; see {@link MergedGraph} for the merge and the edge file.
 */
final class PartitionedBuild {
  private PartitionedBuild() {}

  /** Rows of the k-means sample that picks the shard centres. */
  static int sampleSize(int n, int shards) {
    return Math.min(n, Math.max(shards * 256, 20_000));
  }

  /** Degree of each shard graph for a final degree {@code r}. */
  static int shardDegree(int r) {
    return Math.max(4, (2 * r + 2) / 3);
  }

  /**
   * Partitions {@code src} into {@code shards} shards, builds and stores each shard's graph, and
   * returns the merging graph source. The edge file lives in {@code tempDir} until {@link #close}.
   */
  static MergedGraph run(VectorSource src, Metric metric, int r, float alpha, int shards, int shardCap,
      ShardGraphBuilder builder, int threads, long seed, Path tempDir, BuildPhases phases) {
    int n = src.size(), dim = src.dimension();
    if (shards < 2) {
      throw new IllegalArgumentException("a partitioned build needs at least 2 shards, got " + shards);
    }
    int shardR = shardDegree(r);
    Path edgeFile = null;
    try (ExecutorService exec = Executors.newFixedThreadPool(Math.max(1, threads))) {
      // 1. k-means on a sample
      ProgressListener p = phases.start("partition: k-means into " + shards + " shards");
      int sampleSize = sampleSize(n, shards);
      int[] rows = sampleRows(n, sampleSize, seed);
      float[] sample = new float[rows.length * dim];
      float[] v = new float[dim];
      for (int i = 0; i < rows.length; i++) {
        src.get(rows[i], v);
        prepareInPlace(metric, v, rows[i]);
        System.arraycopy(v, 0, sample, i * dim, dim);
      }
      float[] centroids = KMeans.train(sample, rows.length, dim, shards, 10, seed, exec);
      p.update(1, 1);
      // 2. the two nearest shards of every vector, and the medoid
      p = phases.start("partition: assign to 2 nearest shards");
      float[] mean = new float[dim];
      for (int i = 0; i < rows.length; i++) {
        for (int j = 0; j < dim; j++) {
          mean[j] += sample[i * dim + j] / rows.length;
        }
      }
      int[] first = new int[n], second = new int[n];
      float[] bestToMean = new float[threads * 16];
      int[] medoidOf = new int[threads * 16];
      assignAll(src, metric, centroids, shards, first, second, mean, exec, p, bestToMean, medoidOf);
      capShards(src, metric, centroids, shards, first, second, shardCap);
      int medoid = medoidOf[0];
      float best = bestToMean[0];
      for (int i = 1; i < bestToMean.length; i++) {
        if (bestToMean[i] < best) {
          best = bestToMean[i];
          medoid = medoidOf[i];
        }
      }
      // 3. shard graphs, one at a time
      edgeFile = Files.createTempFile(tempDir, ".edges.", ".tmp");
      int slotBytes = 4 + 4 * shardR;
      try (FileChannel ch = FileChannel.open(edgeFile, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
        ch.write(ByteBuffer.allocate(1), 2L * n * slotBytes - 1); // sized; unwritten slots read as degree 0
        ByteBuffer rec = ByteBuffer.allocateDirect(slotBytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] nb = new int[shardR];
        for (int s = 0; s < shards; s++) {
          int count = 0;
          for (int i = 0; i < n; i++) {
            if (first[i] == s || second[i] == s) {
              count++;
            }
          }
          if (count == 0) {
            continue;
          }
          int[] members = new int[count];
          count = 0;
          for (int i = 0; i < n; i++) {
            if (first[i] == s || second[i] == s) {
              members[count++] = i;
            }
          }
          ProgressListener sp = phases.start("shard " + (s + 1) + " of " + shards + " (" + count + " vectors)");
          // the graph reads the shard's rows straight from the source into its own store
          GraphSource g = count == 1 ? null : builder.build(new PreparedRows(src, metric, members, count), metric, shardR, sp);
          for (int i = 0; i < count; i++) {
            int deg = g == null ? 0 : g.neighbors(i, nb);
            int global = members[i];
            int slot = first[global] == s ? 0 : 1;
            rec.clear();
            rec.putInt(deg);
            for (int j = 0; j < shardR; j++) {
              rec.putInt(j < deg ? members[nb[j]] : -1);
            }
            rec.flip();
            long pos = (2L * global + slot) * slotBytes;
            while (rec.hasRemaining()) {
              pos += ch.write(rec, pos);
            }
          }
          if (g instanceof AutoCloseable c) {
            c.close();
          }
          g = null; // its vectors were freed by close (VamanaGraphBuilder asks for memory freed on close)
        }
        ch.force(false);
      }
      ProgressListener merge = phases.start("merge neighbour lists (RobustPrune)");
      return new MergedGraph(src, metric, r, shardR, alpha, medoid, edgeFile, threads, merge);
    } catch (IOException e) {
      deleteQuietly(edgeFile);
      throw new VamanaException("partitioned build: cannot use temporary edge file in " + tempDir + ": " + e.getMessage(), e);
    } catch (Exception e) {
      deleteQuietly(edgeFile);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e);
    }
  }

  /**
   * Moves assignments out of shards that would hold more than {@code cap} vectors, in row order
   * (so the result does not depend on thread timing): a vector whose nearest (or second nearest)
   * shard is full goes to the nearest shard that still has room, never twice to the same shard.
   * With {@code cap >= n} nothing moves. Keeps every shard within the memory the plan gave it even
   * when k-means makes unbalanced clusters.
   */
  static void capShards(VectorSource src, Metric metric, float[] centroids, int k, int[] first, int[] second, int cap) {
    int n = first.length, dim = src.dimension();
    if ((long) cap >= n) {
      return;
    }
    if (2L * n > (long) cap * k) {
      throw new IllegalArgumentException(k + " shards of at most " + cap + " vectors cannot hold 2 copies of " + n);
    }
    int[] count = new int[k];
    float[] v = new float[dim];
    for (int i = 0; i < n; i++) {
      int a = first[i], b = second[i];
      boolean aOk = count[a] < cap, bOk = b < 0 || count[b] < cap;
      if (!aOk || !bOk) {
        src.get(i, v);
        prepareInPlace(metric, v, i);
        if (!aOk) {
          a = nearestWithRoom(v, centroids, k, count, cap, b);
          if (a < 0) { // only b has room left
            a = b;
            b = -1;
            bOk = true;
          }
        }
        if (!bOk) {
          b = nearestWithRoom(v, centroids, k, count, cap, a);
        }
      }
      first[i] = a;
      second[i] = b;
      count[a]++;
      if (b >= 0) {
        count[b]++;
      }
    }
  }

  private static int nearestWithRoom(float[] v, float[] centroids, int k, int[] count, int cap, int not) {
    int dim = v.length, best = -1;
    float bestD = Float.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      if (c == not || count[c] >= cap) {
        continue;
      }
      float d = Kernels.get().squaredL2(v, 0, centroids, c * dim, dim);
      if (best < 0 || d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  /** Copies rows {@code members[0..count)} of {@code src}, prepared, into a store in {@code arena}. */
  static VectorStore loadRows(VectorSource src, Metric metric, int[] members, int count, Arena arena) {
    int dim = src.dimension();
    MemorySegment region = arena.allocate(Math.max(1L, 4L * dim * count), 64);
    float[] v = new float[dim];
    for (int i = 0; i < count; i++) {
      int row = members == null ? i : members[i];
      src.get(row, v);
      prepareInPlace(metric, v, row);
      MemorySegment.copy(v, 0, region, DiskLayout.FLOAT, 4L * dim * i, dim);
    }
    return VectorStore.wrap(region, dim, count);
  }

  private static void assignAll(VectorSource src, Metric metric, float[] centroids, int k, int[] first, int[] second,
      float[] mean, ExecutorService exec, ProgressListener p, float[] bestToMean, int[] medoidOf) {
    int n = src.size(), dim = src.dimension();
    int blocks = bestToMean.length;
    AtomicLong done = new AtomicLong();
    List<Future<?>> fs = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      int from = (int) ((long) n * b / blocks), to = (int) ((long) n * (b + 1) / blocks);
      int blk = b;
      fs.add(exec.submit(() -> {
        float[] v = new float[dim];
        float bestD = Float.MAX_VALUE;
        int bestI = from;
        for (int i = from; i < to; i++) {
          src.get(i, v);
          prepareInPlace(metric, v, i);
          float d1 = Float.MAX_VALUE, d2 = Float.MAX_VALUE;
          int c1 = 0, c2 = -1;
          for (int c = 0; c < k; c++) {
            float d = Kernels.get().squaredL2(v, 0, centroids, c * dim, dim);
            if (d < d1) {
              d2 = d1;
              c2 = c1;
              d1 = d;
              c1 = c;
            } else if (d < d2) {
              d2 = d;
              c2 = c;
            }
          }
          first[i] = c1;
          second[i] = c2 == c1 ? -1 : c2;
          float dm = Kernels.get().squaredL2(v, 0, mean, 0, dim);
          if (dm < bestD) {
            bestD = dm;
            bestI = i;
          }
          if ((i & 4095) == 0) {
            p.update(done.addAndGet(4096), n);
          }
        }
        bestToMean[blk] = to > from ? bestD : Float.MAX_VALUE;
        medoidOf[blk] = bestI;
      }));
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
    p.update(n, n);
  }

  static int[] sampleRows(int n, int count, long seed) {
    if (count >= n) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    java.util.BitSet seen = new java.util.BitSet(n);
    int[] rows = new int[count];
    int k = 0;
    while (k < count) {
      int x = rnd.nextInt(n);
      if (!seen.get(x)) {
        seen.set(x);
        rows[k++] = x;
      }
    }
    java.util.Arrays.sort(rows);
    return rows;
  }

  /** Normalises {@code v} in place for cosine; checks finiteness. */
  static void prepareInPlace(Metric metric, float[] v, int row) {
    double s = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new VamanaException("vector " + row + " has a non-finite value (" + x + ")");
      }
      s += (double) x * x;
    }
    if (metric.normalizes()) {
      if (s == 0) {
        throw new VamanaException("vector " + row + " is the zero vector, which has no direction for cosine");
      }
      float inv = (float) (1.0 / Math.sqrt(s));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
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

}
