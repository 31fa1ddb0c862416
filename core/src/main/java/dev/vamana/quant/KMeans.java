package dev.vamana.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Plain k-means on points held row after row in one {@code float[]}: k-means++ seeding (D²
 * sampling) followed by Lloyd iterations, stopping early when no point changes cluster. An empty
 * cluster is re-seeded with a random point. Used for PQ codebooks (small sub-spaces) and for the
 * shards of the partitioned SSD build (full vectors).
 *
 * <p>Stateless; the optional executor only parallelises the assignment step over blocks of points
 * and stays owned by the caller. Results are deterministic for a seed whatever the executor.
 */
public final class KMeans {
  private KMeans() {}

  /**
   * Trains {@code k} centroids of dimension {@code dim} on the {@code n} points in {@code data}.
   * When {@code n <= k} every point becomes a centroid and the rest repeat the first points.
   *
   * @return {@code k * dim} floats, centroid after centroid
   */
  public static float[] train(float[] data, int n, int dim, int k, int iterations, long seed, ExecutorService exec) {
    float[] centroids = new float[k * dim];
    if (n <= k) {
      for (int c = 0; c < k; c++) {
        System.arraycopy(data, (c % Math.max(1, n)) * dim, centroids, c * dim, n == 0 ? 0 : dim);
      }
      return centroids;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    seedPlusPlus(data, n, dim, k, centroids, rnd);
    int[] assign = new int[n];
    java.util.Arrays.fill(assign, -1);
    float[] sums = new float[k * dim];
    int[] counts = new int[k];
    for (int it = 0; it < iterations; it++) {
      int changed = assignAll(data, n, dim, centroids, k, assign, exec);
      java.util.Arrays.fill(sums, 0f);
      java.util.Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        int c = assign[i];
        counts[c]++;
        int po = i * dim, co = c * dim;
        for (int j = 0; j < dim; j++) {
          sums[co + j] += data[po + j];
        }
      }
      for (int c = 0; c < k; c++) {
        int co = c * dim;
        if (counts[c] == 0) {
          int p = rnd.nextInt(n);
          System.arraycopy(data, p * dim, centroids, co, dim);
        } else {
          float inv = 1f / counts[c];
          for (int j = 0; j < dim; j++) {
            centroids[co + j] = sums[co + j] * inv;
          }
        }
      }
      if (changed <= n / 1000) { // converged: fewer than 0.1% of the points moved
        break;
      }
    }
    return centroids;
  }

  private static void seedPlusPlus(float[] data, int n, int dim, int k, float[] centroids, SplittableRandom rnd) {
    int first = rnd.nextInt(n);
    System.arraycopy(data, first * dim, centroids, 0, dim);
    float[] d2 = new float[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      d2[i] = sqDist(data, i * dim, centroids, 0, dim);
      total += d2[i];
    }
    for (int c = 1; c < k; c++) {
      int pick;
      if (total <= 0) {
        pick = rnd.nextInt(n);
      } else {
        double r = rnd.nextDouble() * total;
        pick = n - 1;
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += d2[i];
          if (acc >= r) {
            pick = i;
            break;
          }
        }
      }
      System.arraycopy(data, pick * dim, centroids, c * dim, dim);
      total = 0;
      int co = c * dim;
      for (int i = 0; i < n; i++) {
        float d = sqDist(data, i * dim, centroids, co, dim);
        if (d < d2[i]) {
          d2[i] = d;
        }
        total += d2[i];
      }
    }
  }

  private static int assignAll(float[] data, int n, int dim, float[] centroids, int k, int[] assign, ExecutorService exec) {
    if (exec == null || n < 4096) {
      return assignRange(data, 0, n, dim, centroids, k, assign);
    }
    int blocks = 16;
    List<Future<Integer>> fs = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      int from = (int) ((long) n * b / blocks), to = (int) ((long) n * (b + 1) / blocks);
      fs.add(exec.submit(() -> assignRange(data, from, to, dim, centroids, k, assign)));
    }
    int changed = 0;
    for (Future<Integer> f : fs) {
      changed += join(f);
    }
    return changed;
  }

  static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static int assignRange(float[] data, int from, int to, int dim, float[] centroids, int k, int[] assign) {
    float[] ct = transpose(centroids, k, dim);
    float[] d = new float[k];
    int changed = 0;
    for (int i = from; i < to; i++) {
      int best = nearestTransposed(data, i * dim, dim, ct, k, d);
      if (best != assign[i]) {
        assign[i] = best;
        changed++;
      }
    }
    return changed;
  }

  /** Centroids laid out dimension-major ({@code ct[j * k + c]}), so that distances to all k vectorise. */
  static float[] transpose(float[] centroids, int k, int dim) {
    float[] ct = new float[k * dim];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < dim; j++) {
        ct[j * k + c] = centroids[c * dim + j];
      }
    }
    return ct;
  }

  /**
   * The nearest of {@code k} transposed centroids to {@code v[off..off+dim)}, using {@code d} (length
   * k) as scratch. The inner loop runs over centroids, which the JIT turns into SIMD code.
   */
  static int nearestTransposed(float[] v, int off, int dim, float[] ct, int k, float[] d) {
    return nearestTransposed(v, off, dim, ct, 0, k, d);
  }

  /** As above, with the transposed centroids starting at {@code ctOff} of {@code ct}. */
  static int nearestTransposed(float[] v, int off, int dim, float[] ct, int ctOff, int k, float[] d) {
    java.util.Arrays.fill(d, 0, k, 0f);
    for (int j = 0; j < dim; j++) {
      float x = v[off + j];
      int base = ctOff + j * k;
      for (int c = 0; c < k; c++) {
        float diff = x - ct[base + c];
        d[c] += diff * diff;
      }
    }
    int best = 0;
    float bestD = d[0];
    for (int c = 1; c < k; c++) {
      if (d[c] < bestD) {
        bestD = d[c];
        best = c;
      }
    }
    return best;
  }

  /** The index of the centroid nearest (squared L2) to {@code v[off..off+dim)}. */
  public static int nearest(float[] v, int off, int dim, float[] centroids, int k) {
    int best = 0;
    float bestD = Float.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      float d = sqDist(v, off, centroids, c * dim, dim);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  static float sqDist(float[] a, int ao, float[] b, int bo, int dim) {
    float s0 = 0, s1 = 0;
    int j = 0;
    for (; j + 1 < dim; j += 2) {
      float d0 = a[ao + j] - b[bo + j];
      float d1 = a[ao + j + 1] - b[bo + j + 1];
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    if (j < dim) {
      float d = a[ao + j] - b[bo + j];
      s0 += d * d;
    }
    return s0 + s1;
  }
}
