package dev.vamana.bench;

import dev.vamana.VamanaException;
import java.util.Arrays;

/**
 * Latency summary of a batch of queries: mean and 99th percentile (nearest-rank) in milliseconds,
 * and throughput in queries per second.
 *
 * <p>QPS is {@code count / wall seconds}. For a single-threaded run the wall time is the sum of the
 * per-query times ({@link #of(long[])}); for a multi-threaded run pass the measured wall time
 * ({@link #of(long[], long)}). Immutable.
 */
public record LatencyStats(int count, double meanMs, double p99Ms, double qps) {

  /** Stats for a single-threaded run, where the wall time is the sum of the query times. */
  public static LatencyStats of(long[] perQueryNanos) {
    long sum = 0;
    for (long n : perQueryNanos) {
      sum += n;
    }
    return of(perQueryNanos, sum);
  }

  /**
   * Stats from per-query latencies and the wall time the batch took.
   *
   * @throws VamanaException when there are no queries, a latency is negative or the wall time is
   *     not positive
   */
  public static LatencyStats of(long[] perQueryNanos, long wallNanos) {
    int n = perQueryNanos.length;
    if (n == 0) {
      throw new VamanaException("latency stats need at least one query");
    }
    if (wallNanos <= 0) {
      throw new VamanaException("wall time must be positive, got " + wallNanos + " ns");
    }
    long[] sorted = perQueryNanos.clone();
    Arrays.sort(sorted);
    if (sorted[0] < 0) {
      throw new VamanaException("negative query latency " + sorted[0] + " ns");
    }
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    double mean = sum / n / 1e6;
    double p99 = sorted[percentileIndex(n, 0.99)] / 1e6;
    double qps = n / (wallNanos / 1e9);
    return new LatencyStats(n, mean, p99, qps);
  }

  /** Nearest-rank index of percentile {@code p} (0..1] in a sorted array of {@code n} values. */
  static int percentileIndex(int n, double p) {
    int rank = (int) Math.ceil(p * n);
    return Math.max(0, Math.min(n - 1, rank - 1));
  }
}
