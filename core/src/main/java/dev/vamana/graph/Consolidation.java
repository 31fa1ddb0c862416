package dev.vamana.graph;

import java.util.BitSet;

/**
 * FreshDiskANN's delete consolidation (Singh et al., 2021, Algorithm 4): every live node {@code p}
 * with deleted out-neighbours gets the candidate set {@code (N(p) \ D) ∪ N(d) \ D} for each
 * deleted {@code d} in {@code N(p)}, re-pruned with RobustPrune; then the deleted slots are
 * emptied and handed to the free list. Runs with adds and deletes excluded (the index's write
 * lock); searches may run meanwhile.
 */
final class Consolidation {
  private Consolidation() {}

  static int run(VamanaIndex index) {
    int n = index.nodeCount();
    BitSet deleted = new BitSet(n);
    int liveTotal = 0;
    for (int ord = 0; ord < n; ord++) {
      if (index.isLive(ord)) {
        liveTotal++;
      } else if (!index.isFree(ord)) {
        deleted.set(ord);
      }
    }
    int count = deleted.cardinality();
    if (count == 0) {
      return 0;
    }
    int[] liveOrds = new int[liveTotal];
    for (int ord = 0, j = 0; ord < n; ord++) {
      if (index.isLive(ord)) {
        liveOrds[j++] = ord;
      }
    }
    if (liveTotal > 0 && deleted.get(index.entryPoint())) {
      index.setEntry(liveOrds[Medoid.of(index.buildDist, liveOrds, index.threads)]);
    } else if (liveTotal == 0) {
      index.setEntry(-1);
    }
    Graph g = index.graph;
    BuildExecutor.forEach(index.threads, liveTotal, (i, s) -> {
      int p = liveOrds[i];
      int[] nb = s.neighbors;
      int deg = g.neighbors(p, nb);
      boolean touched = false;
      for (int j = 0; j < deg && !touched; j++) {
        touched = deleted.get(nb[j]);
      }
      if (!touched) {
        return;
      }
      float[] pv = s.nodeVector;
      index.store.get(p, pv);
      s.ensurePool(deg * (g.capacity() + 1) * 2);
      int m = addCandidates(index, deleted, p, pv, nb, deg, s, 0, 0);
      int r = RobustPrune.prune(index.buildDist, s, p, m, index.alpha, index.maxDegree,
          VamanaIndex.MAX_CANDIDATES, s.selected);
      synchronized (index.lockOf(p)) {
        g.setNeighbors(p, s.selected, r);
      }
    }, index.scratchPool(), ProgressListener.NONE);
    synchronized (index.allocLock()) {
      for (int d = deleted.nextSetBit(0); d >= 0; d = deleted.nextSetBit(d + 1)) {
        g.setNeighbors(d, new int[0], 0);
        index.freeSlot(d);
      }
    }
    return count;
  }

  /**
   * Adds to the pool the live nodes among {@code ids}, and for each deleted one its own live
   * neighbours, following chains of deleted nodes one level further (with many deletions, a
   * deleted node's neighbours are often deleted too). Returns the new pool size.
   */
  private static int addCandidates(VamanaIndex index, BitSet deleted, int p, float[] pv, int[] ids,
      int count, SearchScratch s, int m, int depth) {
    Graph g = index.graph;
    int[] buf = depth == 0 ? s.links : new int[g.capacity() + 1];
    for (int j = 0; j < count; j++) {
      int x = ids[j];
      if (x == p) {
        continue;
      }
      if (!deleted.get(x)) {
        s.ensurePool(m + 1);
        s.poolIds[m] = x;
        s.poolDists[m++] = index.buildDist.distance(pv, x);
      } else if (depth < 2) {
        int d2 = g.neighbors(x, buf);
        m = addCandidates(index, deleted, p, pv, buf, d2, s, m, depth + 1);
      }
    }
    return m;
  }
}
