package dev.vamana.graph;

/**
 * The answer to one search: external ids and distances, nearest first, plus two counters that say
 * how much work it took. Immutable once returned (the arrays are not shared with the index).
 *
 * @param ids external ids, nearest first
 * @param distances distances under the index metric (lower is closer), aligned with {@code ids}
 * @param distanceComputations full-precision distances computed by this search
 * @param hops nodes whose neighbour lists were expanded
 */
public record SearchResult(long[] ids, float[] distances, int distanceComputations, int hops) {
  public int size() {
    return ids.length;
  }
}
