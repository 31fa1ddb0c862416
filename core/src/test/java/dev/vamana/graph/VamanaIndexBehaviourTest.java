package dev.vamana.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.testing.TestData;
import dev.vamana.vector.Metric;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class VamanaIndexBehaviourTest {
  static final int DIM = 24, K = 10;

  static VamanaIndex.Builder small(Metric m) {
    return VamanaIndex.builder().dimension(DIM).metric(m).maxDegree(24).buildListSize(48);
  }

  @Test
  void singleThreadedBuildWithFixedSeedIsDeterministic() {
    float[][] base = TestData.clustered(3000, DIM, 10, 3);
    int[][] lists = null;
    for (int run = 0; run < 2; run++) {
      try (VamanaIndex idx = small(Metric.L2).threads(1).seed(9).build()) {
        idx.addAll(TestData.store(base), null, null);
        int[][] now = new int[idx.nodeCount()][];
        int[] nb = new int[idx.neighborCapacity()];
        for (int i = 0; i < now.length; i++) {
          now[i] = Arrays.copyOf(nb, idx.neighbors(i, nb));
        }
        if (lists != null) {
          assertThat(now).isDeepEqualTo(lists);
        }
        lists = now;
      }
    }
  }

  @Test
  void aOneShotBulkBuildIsPrunedToRAndABulkAddIntoANonEmptyIndexKeepsTheSlackAsAddsDo() {
    float[][] base = TestData.clustered(3000, DIM, 10, 5);
    try (VamanaIndex idx = small(Metric.L2).threads(1).seed(9).build()) {
      idx.addAll(TestData.store(java.util.Arrays.copyOf(base, 1500)), null, null);
      assertThat(maxListLength(idx, 0)).isLessThanOrEqualTo(idx.maxDegree());
      long[] ids = new long[1500];
      for (int i = 0; i < ids.length; i++) ids[i] = 1500 + i;
      idx.addAll(TestData.store(java.util.Arrays.copyOfRange(base, 1500, 3000)), ids, null);
      assertThat(maxListLength(idx, 1500)).as("the lists of the nodes the second batch added")
          .isGreaterThan(idx.maxDegree()).isLessThanOrEqualTo(idx.neighborCapacity());
      for (int i = 0; i < 3000; i += 97) {
        assertThat(idx.search(base[i], 1, 40).ids()[0]).isEqualTo((long) i);
      }
    }
  }

  /** The longest neighbour list among ordinals {@code from} and up. */
  private static int maxListLength(VamanaIndex idx, int from) {
    int[] nb = new int[idx.neighborCapacity()];
    int m = 0;
    for (int i = from; i < idx.nodeCount(); i++) m = Math.max(m, idx.neighbors(i, nb));
    return m;
  }

  @Test
  void deletesAndConsolidationKeepRecallWithinOnePercentOfAFreshBuild() {
    int n = 6000;
    float[][] base = TestData.clustered(n, DIM, 12, 4);
    float[][] queries = TestData.clustered(200, DIM, 12, 5);
    // delete every third vector, then consolidate, then add new ones into the freed slots
    Set<Integer> deleted = new HashSet<>();
    for (int i = 0; i < n; i += 3) deleted.add(i);
    float[][] extra = TestData.clustered(1000, DIM, 12, 6);
    try (VamanaIndex idx = small(Metric.L2).threads(1).build()) {
      idx.addAll(TestData.store(base), null, null);
      for (int id : deleted) {
        assertThat(idx.delete(id)).isTrue();
      }
      assertThat(idx.delete(0)).isFalse();
      // never returned, even before consolidation
      for (float[] q : queries) {
        for (long id : idx.search(q, K, 100).ids()) {
          assertThat(deleted).doesNotContain((int) id);
        }
      }
      assertThat(idx.consolidate()).isEqualTo(deleted.size());
      for (int i = 0; i < extra.length; i++) {
        idx.add(n + i, extra[i]);
      }
      assertThat(idx.nodeCount()).isEqualTo(n); // freed slots were reused
      assertThat(idx.size()).isEqualTo(n - deleted.size() + extra.length);

      // the same live set, built fresh
      float[][] liveRows = new float[idx.size()][];
      long[] liveIds = new long[idx.size()];
      int j = 0;
      for (int i = 0; i < n; i++) {
        if (!deleted.contains(i)) {
          liveRows[j] = base[i];
          liveIds[j++] = i;
        }
      }
      for (int i = 0; i < extra.length; i++) {
        liveRows[j] = extra[i];
        liveIds[j++] = n + i;
      }
      int[][] truthRows = TestData.exact(liveRows, queries, Metric.L2, K);
      int[][] truth = new int[queries.length][K];
      for (int q = 0; q < queries.length; q++) {
        for (int t = 0; t < K; t++) truth[q][t] = (int) liveIds[truthRows[q][t]];
      }
      try (VamanaIndex fresh = small(Metric.L2).threads(1).build()) {
        fresh.addAll(TestData.store(liveRows), liveIds, null);
        for (int L : new int[] {40, 80}) {
          double rUpdated = recall(idx, queries, truth, L);
          double rFresh = recall(fresh, queries, truth, L);
          assertThat(rUpdated).as("recall at L=%d", L).isGreaterThanOrEqualTo(rFresh - 0.01);
        }
      }
    }
  }

  static double recall(VamanaIndex idx, float[][] queries, int[][] truth, int L) {
    long[][] res = new long[queries.length][];
    for (int q = 0; q < queries.length; q++) res[q] = idx.search(queries[q], K, L).ids();
    return TestData.recall(res, truth, K);
  }

  @Test
  void addWithAnExistingIdReplacesTheVector() {
    try (VamanaIndex idx = small(Metric.L2).build()) {
      float[] a = new float[DIM], b = new float[DIM];
      a[0] = 1;
      b[0] = -1;
      idx.add(7, a);
      idx.add(8, new float[DIM]);
      idx.add(7, b);
      assertThat(idx.size()).isEqualTo(2);
      assertThat(idx.vector(7)).containsExactly(b);
      SearchResult r = idx.search(b, 2, 10);
      assertThat(r.ids()).containsExactly(7, 8);
      assertThat(r.distances()[0]).isZero();
    }
  }

  @Test
  void arbitraryLongIdsMapBackExactly() {
    float[][] base = TestData.clustered(500, DIM, 5, 8);
    long[] ids = new long[base.length];
    for (int i = 0; i < ids.length; i++) ids[i] = Long.MAX_VALUE - 17L * i;
    try (VamanaIndex idx = small(Metric.COSINE).build()) {
      idx.addAll(TestData.store(base), ids, null);
      for (int i = 0; i < base.length; i += 50) {
        assertThat(idx.search(base[i], 1, 20).ids()[0]).isEqualTo(ids[i]);
        assertThat(idx.contains(ids[i])).isTrue();
      }
      assertThat(idx.contains(12345)).isFalse();
      assertThat(idx.delete(ids[3])).isTrue();
      assertThat(idx.contains(ids[3])).isFalse();
    }
  }

  @Test
  void filteredSearchReturnsOnlyMatchesWithHighRecallForAnySelectivity() {
    float[][] base = TestData.clustered(3000, DIM, 10, 10);
    float[][] queries = TestData.clustered(30, DIM, 10, 11);
    try (VamanaIndex idx = small(Metric.L2).build()) {
      idx.addAll(TestData.store(base), null, null);
      for (int mod : new int[] {2, 50, 1000}) {
        LongPredicate f = id -> id % mod == 0;
        int[] passing = java.util.stream.IntStream.range(0, base.length).filter(i -> i % mod == 0).toArray();
        float[][] sub = Arrays.stream(passing).mapToObj(i -> base[i]).toArray(float[][]::new);
        int want = Math.min(K, sub.length);
        int[][] truth = TestData.exact(sub, queries, Metric.L2, want);
        long hits = 0;
        for (int q = 0; q < queries.length; q++) {
          long[] got = idx.search(queries[q], K, 100, f).ids();
          assertThat(Arrays.stream(got).allMatch(id -> id % mod == 0)).isTrue();
          assertThat(got).hasSize(want);
          long[] exact = Arrays.stream(truth[q]).mapToLong(i -> passing[i]).toArray();
          hits += Arrays.stream(got).filter(id -> Arrays.stream(exact).anyMatch(w -> w == id)).count();
        }
        assertThat(hits / (double) (want * queries.length)).as("recall with filter mod %d", mod).isGreaterThanOrEqualTo(0.95);
      }
    }
  }

  @Test
  void badArgumentsGiveClearErrors() {
    try (VamanaIndex idx = small(Metric.COSINE).build()) {
      idx.add(1, TestData.clustered(1, DIM, 1, 1)[0]);
      float[] q = new float[DIM];
      q[0] = 1;
      assertThatThrownBy(() -> idx.search(new float[DIM + 1], 1, 10)).isInstanceOf(VamanaException.class).hasMessageContaining("dimension");
      assertThatThrownBy(() -> idx.search(q, 10, 5)).isInstanceOf(VamanaException.class).hasMessageContaining("smaller than k");
      assertThatThrownBy(() -> idx.search(q, 0, 5)).isInstanceOf(VamanaException.class).hasMessageContaining("k must be");
      float[] nan = q.clone();
      nan[3] = Float.NaN;
      assertThatThrownBy(() -> idx.add(2, nan)).isInstanceOf(VamanaException.class).hasMessageContaining("non-finite");
      assertThatThrownBy(() -> idx.add(2, new float[DIM])).isInstanceOf(VamanaException.class).hasMessageContaining("zero vector");
      assertThatThrownBy(() -> idx.search(new float[DIM], 1, 5)).isInstanceOf(VamanaException.class).hasMessageContaining("zero vector");
    }
    assertThatThrownBy(() -> VamanaIndex.builder().dimension(0).build()).isInstanceOf(VamanaException.class);
    assertThatThrownBy(() -> VamanaIndex.builder().dimension(8).alpha(0.5f).build()).isInstanceOf(VamanaException.class);
  }

  @Test
  void aHugeKAndListSizeAllocateOnlyWhatTheIndexHolds() {
    try (VamanaIndex idx = small(Metric.L2).build()) {
      float[][] base = TestData.clustered(50, DIM, 2, 3);
      idx.addAll(TestData.store(base), null, null);
      int huge = 1_000_000_000;
      assertThat(idx.search(base[0], huge, huge).ids()).hasSize(50);
      assertThat(idx.search(base[0], huge, huge, id -> id % 2 == 0).ids()).hasSize(25);
    }
  }

  @Test
  void kLargerThanTheIndexReturnsEveryLiveVector() {
    try (VamanaIndex idx = small(Metric.L2).build()) {
      float[][] base = TestData.clustered(5, DIM, 1, 1);
      idx.addAll(TestData.store(base), null, null);
      idx.delete(2);
      assertThat(idx.search(base[0], 10, 10).ids()).containsExactlyInAnyOrder(0, 1, 3, 4);
    }
  }

  @Test
  void freeVectorsOnCloseGivesTheSameGraphAndFreesTheVectorsAtClose() {
    float[][] base = TestData.clustered(1500, DIM, 8, 21);
    int[][] lists = new int[2][];
    VamanaIndex owned = small(Metric.L2).threads(1).seed(5).freeVectorsOnClose(true).build();
    try (VamanaIndex plain = small(Metric.L2).threads(1).seed(5).build()) {
      owned.addAll(TestData.store(base), null, null);
      plain.addAll(TestData.store(base), null, null);
      assertThat(owned.search(base[7], 1, 40).ids()[0]).isEqualTo(7L);
      int[] nb = new int[owned.neighborCapacity()];
      for (int i = 0; i < owned.nodeCount(); i++) {
        lists[0] = Arrays.copyOf(nb, owned.neighbors(i, nb));
        lists[1] = Arrays.copyOf(nb, plain.neighbors(i, nb));
        assertThat(lists[0]).isEqualTo(lists[1]);
      }
    }
    owned.close();
    assertThatThrownBy(() -> owned.vectors().get(0)).isInstanceOf(IllegalStateException.class);
  }
}
