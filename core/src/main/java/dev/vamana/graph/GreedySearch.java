package dev.vamana.graph;

/**
 * Best-first greedy search over the graph, as in the DiskANN paper: keep the {@code L} nearest
 * nodes seen so far, repeatedly expand the nearest unexpanded one, stop when all {@code L} have been
 * expanded. Deleted nodes are traversed like any other (their edges keep the graph navigable until
 * consolidation); the caller filters them out of results.
 *
 * <p>Allocates nothing: all state lives in the caller's {@link SearchScratch}.
 */
final class GreedySearch {
  private GreedySearch() {}

  /**
   * Runs a search from {@code entry} and leaves the result in {@code s.candidates}.
   *
   * @param limit ordinals at or above it are ignored (nodes published after the search started)
   * @param record when true, every expanded node and its distance go to {@code s.expanded*}
   * @return {@code distanceComputations << 32 | hops}
   */
  static long run(Graph graph, Scorer dist, SearchScratch s, float[] q, int entry,
      int listSize, int limit, boolean record) {
    CandidateList list = s.candidates;
    list.reset(listSize);
    s.newSearch(limit);
    int comps = 0, hops = 0;
    if (entry < 0 || entry >= limit) {
      return 0;
    }
    s.visit(entry);
    list.insert(entry, dist.distance(q, entry));
    comps++;
    int[] nbrs = s.neighbors;
    int pos;
    while ((pos = list.nextUnexpanded()) >= 0) {
      int node = list.id(pos);
      if (record) {
        s.recordExpanded(node, list.distance(pos));
      }
      hops++;
      int deg = graph.neighbors(node, nbrs);
      // keep the unvisited neighbours first, then compute their distances four at a time, which
      // lets the CPU overlap the cache misses of four rows
      int m = 0;
      for (int i = 0; i < deg; i++) {
        int nb = nbrs[i];
        if (nb < limit && s.visit(nb)) {
          nbrs[m++] = nb;
        }
      }
      float[] four = s.four;
      int i = 0;
      for (; i + 3 < m; i += 4) {
        dist.distance4(q, nbrs[i], nbrs[i + 1], nbrs[i + 2], nbrs[i + 3], four);
        for (int j = 0; j < 4; j++) {
          if (list.accepts(four[j])) {
            list.insert(nbrs[i + j], four[j]);
          }
        }
      }
      for (; i < m; i++) {
        float d = dist.distance(q, nbrs[i]);
        if (list.accepts(d)) {
          list.insert(nbrs[i], d);
        }
      }
      comps += m;
    }
    return ((long) comps << 32) | hops;
  }
}
