package dev.vamana.io;

/**
 * Exact nearest neighbours of a set of queries: {@code ids[q]} holds the ids of the nearest base
 * vectors of query {@code q}, nearest first; {@code distances[q]} their distances, or {@code null}
 * when the file held no distances (texmex {@code .ivecs}, {@code .ibin}). The arrays are shared, not
 * copied: treat them as read-only once built.
 */
public record GroundTruth(int[][] ids, float[][] distances) {
  /** Number of queries. */
  public int size() {
    return ids.length;
  }

  /** Number of neighbours in the shortest row (rows of a well-formed file are all the same). */
  public int k() {
    int k = Integer.MAX_VALUE;
    for (int[] row : ids) {
      k = Math.min(k, row.length);
    }
    return ids.length == 0 ? 0 : k;
  }

  public boolean hasDistances() {
    return distances != null;
  }
}
