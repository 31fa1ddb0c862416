package dev.vamana.disk;

/**
 * The top-k of one SSD search, nearest first, with what it cost: node blocks read from disk (cache
 * hits excluded), beam rounds (hops), bytes read, nanoseconds spent waiting for reads and in total.
 * Immutable.
 */
public record DiskSearchResult(
    long[] ids, float[] distances, int reads, int hops, long bytesRead, int cacheHits, long ioNanos, long totalNanos) {
  public int size() {
    return ids.length;
  }
}
