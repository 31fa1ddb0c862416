package dev.vamana.graph;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.Vectors;
import java.util.function.LongPredicate;

/**
 * The query path of a {@link VamanaIndex}: prepares the query (normalised for cosine, padded for
 * inner product, SQ8 weights), runs {@link GreedySearch}, widens the list or scans exactly when a
 * filter leaves too few matches, re-ranks SQ8 candidates exactly, and maps ordinals to ids. Takes
 * no lock; all per-search state comes from the index's {@link ScratchPool}.
 */
final class IndexSearch {
  private IndexSearch() {}

  static SearchResult search(VamanaIndex idx, float[] query, int k, int listSize, LongPredicate filter) {
    Vectors.checkVector(query, idx.dimension, "query");
    if (k < 1) {
      throw new VamanaException("k must be at least 1, got " + k);
    }
    if (listSize < k) {
      throw new VamanaException("search list size L=" + listSize + " is smaller than k=" + k);
    }
    SearchScratch s = idx.scratch().acquire();
    try {
      float[] q = prepareQuery(idx, query, s);
      QuantizedDistances qd = idx.quantized();
      if (qd != null) {
        qd.prepare(q, s.weights);
      }
      int limit = idx.nodeCount();
      int L = Math.min(listSize, Math.max(limit, 1)); // a longer list than the index holds buys nothing
      int comps = 0, hops = 0;
      while (true) {
        long stats = qd != null
            ? GreedySearch.run(idx.graph, qd, s, s.weights, idx.entryPoint(), L, limit, false)
            : GreedySearch.run(idx.graph, idx.dist, s, q, idx.entryPoint(), L, limit, false);
        comps += (int) (stats >>> 32);
        hops += (int) stats;
        CandidateList list = s.candidates;
        int want = Math.min(k, idx.liveCount());
        // with a filter, ask for twice as many matches in the list: the tail of a long list is
        // less exact than its head
        int enough = filter == null ? want : Math.min(2 * want, limit);
        int found = 0;
        for (int i = 0; i < list.size() && found < enough; i++) {
          if (idx.accepts(list.id(i), filter)) {
            found++;
          }
        }
        if (found >= enough || L >= limit) {
          if (found < want) { // filter too selective or graph not connected: scan exactly
            return ExactScan.search(idx, q, k, filter, comps, hops);
          }
          return qd != null
              ? rerank(idx, list, q, want, filter, s, comps, hops)
              : collect(idx, list, want, filter, comps, hops);
        }
        if (filter != null && found * 16L < enough) { // very selective: an exact scan is cheaper
          return ExactScan.search(idx, q, k, filter, comps, hops);
        }
        L = (int) Math.min(limit, 2L * L);
      }
    } finally {
      idx.scratch().release(s);
    }
  }

  private static float[] prepareQuery(VamanaIndex idx, float[] query, SearchScratch s) {
    int dimension = idx.dimension;
    Metric metric = idx.metric;
    if (metric == Metric.INNER_PRODUCT) {
      float[] q = s.query;
      System.arraycopy(query, 0, q, 0, dimension);
      q[dimension] = 0;
      return q;
    }
    if (!metric.normalizes()) {
      return query;
    }
    double norm = 0;
    for (float x : query) {
      norm += (double) x * x;
    }
    if (norm == 0) {
      throw new VamanaException("query is the zero vector, which has no direction for cosine");
    }
    float inv = (float) (1 / Math.sqrt(norm));
    float[] q = s.query;
    for (int i = 0; i < dimension; i++) {
      q[i] = query[i] * inv;
    }
    return q;
  }

  /**
   * Exact re-rank of the candidate list found with quantised distances: every acceptable candidate
   * gets its full-precision distance, and the {@code k} nearest by that are returned.
   */
  private static SearchResult rerank(VamanaIndex idx, CandidateList list, float[] q, int k, LongPredicate filter, SearchScratch s,
      int comps, int hops) {
    int n = 0;
    s.ensurePool(list.size());
    for (int i = 0; i < list.size(); i++) {
      int ord = list.id(i);
      if (idx.accepts(ord, filter)) {
        s.poolIds[n] = ord;
        s.poolDists[n++] = idx.dist.distance(q, ord);
      }
    }
    n = RobustPrune.sortAndDedupe(s, -1, n, n);
    int m = Math.min(k, n);
    long[] outIds = new long[m];
    float[] outDists = new float[m];
    for (int i = 0; i < m; i++) {
      outIds[i] = idx.externalId(s.poolIds[i]);
      outDists[i] = s.poolDists[i];
    }
    return new SearchResult(outIds, outDists, comps + n, hops);
  }

  private static SearchResult collect(VamanaIndex idx, CandidateList list, int k, LongPredicate filter, int comps, int hops) {
    long[] outIds = new long[k];
    float[] outDists = new float[k];
    int j = 0;
    for (int i = 0; i < list.size() && j < k; i++) {
      int ord = list.id(i);
      if (idx.accepts(ord, filter)) {
        outIds[j] = idx.externalId(ord);
        outDists[j++] = list.distance(i);
      }
    }
    return new SearchResult(outIds, outDists, comps, hops);
  }
}
