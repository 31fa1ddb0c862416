package dev.vamana.exact;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.GroundTruth;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorKernels;
import dev.vamana.vector.VectorStore;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exact k-nearest-neighbour search by brute force ("ground truth"): for each query, the {@code k}
 * base rows with the smallest distance under a {@link Metric}, nearest first, ties broken by the
 * lower row id. Distances are those of {@link Metric}: squared L2, negated inner product, or
 * {@code 1 - cos} for cosine, where queries are normalised and each base row is scaled by its
 * inverse norm (computed once) instead of being copied, so no second copy of the base is made.
 *
 * <p>Queries are processed in blocks of {@value #BLOCK}: every base row is compared with all the
 * queries of a block while it is in cache, so the base is streamed from memory once per block rather
 * than once per query. Blocks are spread over the threads. Distances come from
 * {@link Kernels#get()} (SIMD when available).
 *
 * <p>Thread-safety: stateless; the base and query stores must not be modified during a call. Each
 * call either uses the executor passed in (not shut down) or owns and closes its own threads.
 */
public final class ExactSearch {
  static final int BLOCK = 16;

  private ExactSearch() {}

  /** Exact top-{@code k} with {@code threads} threads owned by this call (1 runs inline). */
  public static GroundTruth search(VectorStore base, VectorStore queries, Metric metric, int k,
      int threads, ProgressListener progress) {
    if (threads < 1) {
      throw new VamanaException("threads must be at least 1, got " + threads);
    }
    if (threads == 1) {
      return run(base, queries, metric, k, 1, null, progress);
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vamana-exact");
      t.setDaemon(true);
      return t;
    })) {
      return run(base, queries, metric, k, threads, pool, progress);
    }
  }

  /** Exact top-{@code k}, running {@code tasks} parallel tasks on {@code executor}. */
  public static GroundTruth search(VectorStore base, VectorStore queries, Metric metric, int k,
      ExecutorService executor, int tasks, ProgressListener progress) {
    if (tasks < 1) {
      throw new VamanaException("tasks must be at least 1, got " + tasks);
    }
    return run(base, queries, metric, k, tasks, executor, progress);
  }

  private static GroundTruth run(VectorStore base, VectorStore queries, Metric metric, int k,
      int tasks, ExecutorService executor, ProgressListener progress) {
    int n = base.size();
    int dim = base.dimension();
    if (queries.dimension() != dim) {
      throw new VamanaException("queries have dimension " + queries.dimension()
          + " but the base vectors have dimension " + dim);
    }
    if (k < 1) {
      throw new VamanaException("k must be at least 1, got " + k);
    }
    if (k > n) {
      throw new VamanaException("k=" + k + " is larger than the " + n + " base vectors");
    }
    int nq = queries.size();
    float[] invNorms = metric.normalizes() ? inverseNorms(base) : null;
    int[][] ids = new int[nq][];
    float[][] dists = new float[nq][];
    int blocks = (nq + BLOCK - 1) / BLOCK;
    AtomicInteger nextBlock = new AtomicInteger();
    long[] done = {0};
    Runnable worker = () -> {
      Scratch s = new Scratch(BLOCK, k, dim);
      for (int b; (b = nextBlock.getAndIncrement()) < blocks; ) {
        int from = b * BLOCK;
        int to = Math.min(nq, from + BLOCK);
        searchBlock(base, queries, metric, invNorms, k, from, to, s, ids, dists);
        if (progress != null) {
          synchronized (done) {
            done[0] += to - from;
            progress.update(done[0], nq);
          }
        }
      }
    };
    if (executor == null || tasks == 1) {
      worker.run();
    } else {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        fs.add(executor.submit(worker));
      }
      for (Future<?> f : fs) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fs.forEach(x -> x.cancel(true));
          throw new VamanaException("exact search interrupted", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    return new GroundTruth(ids, dists);
  }

  /** Per-task buffers: the prepared queries and one bounded heap per query of a block. */
  private static final class Scratch {
    final float[][] q;
    final TopK[] heaps;

    Scratch(int block, int k, int dim) {
      q = new float[block][dim];
      heaps = new TopK[block];
      for (int i = 0; i < block; i++) {
        heaps[i] = new TopK(k);
      }
    }
  }

  private static void searchBlock(VectorStore base, VectorStore queries, Metric metric,
      float[] invNorms, int k, int from, int to, Scratch s, int[][] ids, float[][] dists) {
    VectorKernels kern = Kernels.get();
    int dim = base.dimension();
    int m = to - from;
    for (int i = 0; i < m; i++) {
      queries.get(from + i, s.q[i]);
      if (metric.normalizes()) {
        normalizeInPlace(s.q[i], from + i);
      }
      s.heaps[i].clear();
    }
    int n = base.size();
    for (int r = 0; r < n; r++) {
      MemorySegment seg = base.segment(r);
      long off = base.offset(r);
      for (int i = 0; i < m; i++) {
        float d = switch (metric) {
          case L2 -> kern.squaredL2(s.q[i], seg, off, dim);
          case INNER_PRODUCT -> -kern.dot(s.q[i], seg, off, dim);
          case COSINE -> 1f - kern.dot(s.q[i], seg, off, dim) * invNorms[r];
        };
        s.heaps[i].offer(d, r);
      }
    }
    for (int i = 0; i < m; i++) {
      int[] idRow = new int[k];
      float[] dRow = new float[k];
      s.heaps[i].drainSorted(idRow, dRow);
      ids[from + i] = idRow;
      dists[from + i] = dRow;
    }
  }

  private static float[] inverseNorms(VectorStore base) {
    int n = base.size();
    float[] inv = new float[n];
    float[] row = new float[base.dimension()];
    for (int r = 0; r < n; r++) {
      base.get(r, row);
      double s = 0;
      for (float x : row) {
        s += (double) x * x;
      }
      if (s == 0) {
        throw new VamanaException("base vector " + r + " is the zero vector, which has no direction for cosine");
      }
      inv[r] = (float) (1.0 / Math.sqrt(s));
    }
    return inv;
  }

  private static void normalizeInPlace(float[] v, int row) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    if (s == 0) {
      throw new VamanaException("query " + row + " is the zero vector, which has no direction for cosine");
    }
    float inv = (float) (1.0 / Math.sqrt(s));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }
}
