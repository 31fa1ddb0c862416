package dev.vamana.bench;

import dev.vamana.VamanaException;
import java.util.List;

/**
 * Recall@k of search results against exact ground truth: {@code |top-k result ∩ top-k gt| / k}.
 * A result shorter than {@code k} counts its missing entries as misses; an id repeated in a result
 * counts once. Ground-truth rows must hold at least {@code k} ids.
 *
 * <p>Stateless and thread-safe; allocates nothing but a small scratch array per call.
 */
public final class Recall {
  private Recall() {}

  /** Recall@k of one result list of {@code long} ids against one ground-truth row. */
  public static double atK(long[] result, int[] groundTruth, int k) {
    checkK(groundTruth, k);
    int n = Math.min(k, result.length);
    int hits = 0;
    for (int j = 0; j < n; j++) {
      long id = result[j];
      if (seenBefore(result, j) || !contains(groundTruth, k, id)) {
        continue;
      }
      hits++;
    }
    return (double) hits / k;
  }

  private static boolean seenBefore(long[] a, int j) {
    for (int i = 0; i < j; i++) {
      if (a[i] == a[j]) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(int[] row, int k, long id) {
    for (int i = 0; i < k; i++) {
      if (row[i] == id) {
        return true;
      }
    }
    return false;
  }

  /** Recall@k of one result list of {@code int} ids (ordinals of peer engines). */
  public static double atK(int[] result, int[] groundTruth, int k) {
    long[] widened = new long[Math.min(k, result.length)];
    for (int i = 0; i < widened.length; i++) {
      widened[i] = result[i];
    }
    return atK(widened, groundTruth, k);
  }

  /**
   * Mean recall@k over queries: {@code results.get(q)} is compared with {@code groundTruth[q]}.
   *
   * @throws VamanaException when there are more results than ground-truth rows, or a row is short
   */
  public static double mean(List<long[]> results, int[][] groundTruth, int k) {
    if (results.size() > groundTruth.length) {
      throw new VamanaException("ground truth has " + groundTruth.length + " rows but there are "
          + results.size() + " queries");
    }
    if (results.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (int q = 0; q < results.size(); q++) {
      sum += atK(results.get(q), groundTruth[q], k);
    }
    return sum / results.size();
  }

  private static void checkK(int[] groundTruth, int k) {
    if (k <= 0) {
      throw new VamanaException("k must be positive, got " + k);
    }
    if (groundTruth.length < k) {
      throw new VamanaException("ground truth row holds " + groundTruth.length
          + " ids, fewer than k=" + k);
    }
  }
}
