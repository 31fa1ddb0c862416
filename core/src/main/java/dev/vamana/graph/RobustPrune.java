package dev.vamana.graph;

import java.util.Arrays;

/**
 * RobustPrune from the DiskANN paper (Subramanya et al., NeurIPS 2019, Algorithm 2), with the
 * schedule of the DiskANN code: candidates are taken nearest first, and each chosen neighbour
 * {@code c} occludes every later candidate {@code t} with {@code a * d(c, t) <= d(p, t)}, for
 * {@code a} rising from 1 to {@code alpha} by factors of 1.2 until {@code R} are chosen. Raising
 * {@code alpha} above 1 keeps some longer edges, which makes the graph navigable in fewer hops.
 *
 * <p>The occlusion test is written as a factor {@code f(t) = max over chosen c of the largest a
 * that occludes t}, which stays meaningful for inner-product "distances" that can be negative: a
 * larger alpha always occludes less.
 *
 * <p>Works in the caller's {@link SearchScratch}; allocates nothing.
 */
final class RobustPrune {
  private RobustPrune() {}

  /**
   * Prunes the candidate pool {@code s.poolIds/poolDists[0..n)} (distances to {@code p}) to at
   * most {@code maxDegree} neighbours written to {@code out}; returns how many.
   *
   * @param self the node being pruned; it is never chosen as its own neighbour
   */
  static int prune(NodeDistances dist, SearchScratch s, int self, int n, float alpha, int maxDegree,
      int maxCandidates, int[] out) {
    n = sortAndDedupe(s, self, n, maxCandidates);
    if (n == 0) {
      return 0;
    }
    int[] ids = s.poolIds;
    float[] d = s.poolDists;
    float[] occl = s.occlusion;
    Arrays.fill(occl, 0, n, 0f);
    float[] buf = s.other;
    int count = 0;
    float a = 1f;
    while (count < maxDegree) {
      for (int i = 0; i < n && count < maxDegree; i++) {
        if (occl[i] > a) {
          continue;
        }
        occl[i] = Float.POSITIVE_INFINITY;
        out[count++] = ids[i];
        dist.store().get(ids[i], buf);
        int[] todo = s.pruneTodo(n);
        int cnt = 0;
        for (int t = i + 1; t < n; t++) {
          if (occl[t] <= alpha) {
            todo[cnt++] = t;
          }
        }
        float[] four = s.four;
        int j = 0;
        for (; j + 3 < cnt; j += 4) {
          dist.distance4(buf, ids[todo[j]], ids[todo[j + 1]], ids[todo[j + 2]], ids[todo[j + 3]], four);
          for (int u = 0; u < 4; u++) {
            int t = todo[j + u];
            float f = factor(four[u], d[t]);
            if (f > occl[t]) {
              occl[t] = f;
            }
          }
        }
        for (; j < cnt; j++) {
          int t = todo[j];
          float f = factor(dist.distance(buf, ids[t]), d[t]);
          if (f > occl[t]) {
            occl[t] = f;
          }
        }
      }
      if (a >= alpha) {
        break;
      }
      a = Math.min(alpha, a * 1.2f);
    }
    return count;
  }

  /** The largest alpha at which a chosen neighbour at distance {@code dct} from t occludes t. */
  private static float factor(float dct, float dpt) {
    if (dct > 0) {
      return dpt > 0 ? dpt / dct : 0f;
    }
    if (dct == 0) {
      return dpt >= 0 ? Float.POSITIVE_INFINITY : 0f;
    }
    return dpt >= 0 ? Float.POSITIVE_INFINITY : dct / dpt;
  }

  /**
   * Sorts the pool by distance (ties by id), drops duplicates and {@code self}, and keeps at most
   * {@code maxCandidates}. Returns the new size.
   */
  static int sortAndDedupe(SearchScratch s, int self, int n, int maxCandidates) {
    long[] keys = s.sortKeys(n);
    int[] ids = s.poolIds;
    float[] d = s.poolDists;
    for (int i = 0; i < n; i++) {
      int bits = Float.floatToRawIntBits(d[i]);
      bits ^= (bits >> 31) & 0x7fffffff; // order-preserving float -> int
      keys[i] = ((long) bits << 32) | (ids[i] & 0xffffffffL);
    }
    Arrays.sort(keys, 0, n);
    int m = 0;
    int prev = -1;
    for (int i = 0; i < n && m < maxCandidates; i++) {
      int id = (int) keys[i];
      if (id == self || (m > 0 && id == prev)) {
        continue;
      }
      int bits = (int) (keys[i] >>> 32);
      bits ^= (bits >> 31) & 0x7fffffff;
      ids[m] = id;
      d[m] = Float.intBitsToFloat(bits);
      prev = id;
      m++;
    }
    return m;
  }
}
