package dev.vamana.exact;

/**
 * The {@code k} smallest (distance, id) pairs offered so far, as a binary max-heap on two parallel
 * arrays: the root is the worst kept pair. Order is by distance, then by id (lower id is nearer), so
 * results are deterministic under ties. Not thread-safe: one instance per thread. Allocates nothing
 * after construction.
 */
final class TopK {
  private final float[] dist;
  private final int[] ids;
  private int size;

  TopK(int k) {
    dist = new float[k];
    ids = new int[k];
  }

  void clear() {
    size = 0;
  }

  /** True when (da, ia) comes after (db, ib): farther, or as far with a higher id. */
  private static boolean worse(float da, int ia, float db, int ib) {
    return da > db || (da == db && ia > ib);
  }

  void offer(float d, int id) {
    int k = dist.length;
    if (size < k) {
      int i = size++;
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (!worse(d, id, dist[p], ids[p])) {
          break;
        }
        dist[i] = dist[p];
        ids[i] = ids[p];
        i = p;
      }
      dist[i] = d;
      ids[i] = id;
    } else if (worse(dist[0], ids[0], d, id)) {
      siftDownFromRoot(d, id);
    }
  }

  private void siftDownFromRoot(float d, int id) {
    int i = 0;
    int n = size;
    while (true) {
      int c = 2 * i + 1;
      if (c >= n) {
        break;
      }
      if (c + 1 < n && worse(dist[c + 1], ids[c + 1], dist[c], ids[c])) {
        c++;
      }
      if (!worse(dist[c], ids[c], d, id)) {
        break;
      }
      dist[i] = dist[c];
      ids[i] = ids[c];
      i = c;
    }
    dist[i] = d;
    ids[i] = id;
  }

  /** Writes the kept pairs nearest first into {@code idOut} / {@code distOut} and empties the heap. */
  void drainSorted(int[] idOut, float[] distOut) {
    for (int j = size - 1; j >= 0; j--) {
      idOut[j] = ids[0];
      distOut[j] = dist[0];
      int last = --size;
      if (last > 0) {
        float d = dist[last];
        int id = ids[last];
        siftDownFromRoot(d, id);
      }
    }
  }
}
