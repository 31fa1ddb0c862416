package dev.vamana.graph;

import java.util.function.LongPredicate;

/**
 * Exact top-k over every live node that passes a filter: the fallback that keeps filtered search
 * correct when the filter is too selective for the graph walk. Linear in the index size.
 */
final class ExactScan {
  private ExactScan() {}

  static SearchResult search(VamanaIndex index, float[] q, int k, LongPredicate filter, int comps, int hops) {
    int n = index.nodeCount();
    int cap = Math.max(1, Math.min(k, n));
    int[] heapIds = new int[cap];
    float[] heapD = new float[cap];
    int size = 0;
    for (int ord = 0; ord < n; ord++) {
      if (!index.accepts(ord, filter)) {
        continue;
      }
      float d = index.dist.distance(q, ord);
      comps++;
      if (size < cap) {
        heapIds[size] = ord;
        heapD[size] = d;
        siftUp(heapIds, heapD, size++);
      } else if (d < heapD[0]) {
        heapIds[0] = ord;
        heapD[0] = d;
        siftDown(heapIds, heapD, size);
      }
    }
    long[] ids = new long[size];
    float[] ds = new float[size];
    for (int i = size - 1; i >= 0; i--) { // pop max first, fill from the back
      ids[i] = index.externalId(heapIds[0]);
      ds[i] = heapD[0];
      heapIds[0] = heapIds[i];
      heapD[0] = heapD[i];
      siftDown(heapIds, heapD, i);
    }
    return new SearchResult(ids, ds, comps, hops);
  }

  private static void siftUp(int[] ids, float[] d, int i) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (d[p] >= d[i]) {
        return;
      }
      swap(ids, d, i, p);
      i = p;
    }
  }

  private static void siftDown(int[] ids, float[] d, int size) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1, r = l + 1, m = i;
      if (l < size && d[l] > d[m]) {
        m = l;
      }
      if (r < size && d[r] > d[m]) {
        m = r;
      }
      if (m == i) {
        return;
      }
      swap(ids, d, i, m);
      i = m;
    }
  }

  private static void swap(int[] ids, float[] d, int a, int b) {
    int t = ids[a];
    ids[a] = ids[b];
    ids[b] = t;
    float f = d[a];
    d[a] = d[b];
    d[b] = f;
  }
}
