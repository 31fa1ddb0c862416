package dev.vamana.graph;

/** TEMPORARY STUB on branch io-cli until the lead's graph package lands on main. */
public record SearchResult(long[] ids, float[] distances, int distanceComputations, int hops) {
  public int size() {
    return ids.length;
  }
}
