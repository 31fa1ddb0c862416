package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerEnginesTest {
  static final int N = 2000;
  static final int DIM = 32;
  static final int K = 10;
  static VectorStore base;
  static VectorStore queries;
  static final Map<Metric, int[][]> GT = new EnumMap<>(Metric.class);

  @BeforeAll
  static void data() {
    base = TestData.clustered(N, DIM, 20, 1);
    queries = TestData.clustered(50, DIM, 20, 2);
    for (Metric m : Metric.values()) {
      GT.put(m, TestData.groundTruth(base, queries, m, K));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Metric.class, names = {"L2", "COSINE"})
  void jvectorReachesRecall90AtLargeSearchList(Metric metric) {
    try (Engine e = new JVectorEngine()) {
      e.build(base, metric, 2, Engine.Progress.NONE);
      assertThat(TestData.recall(e, queries, GT.get(metric), K, 128)).isGreaterThanOrEqualTo(0.9);
    }
  }

  /** jvector's DOT_PRODUCT assumes unit vectors (see JVectorEngine), so inner product runs on them. */
  @Test
  void jvectorReachesRecall90OnInnerProductOfUnitVectors() {
    VectorStore unitBase = TestData.normalized(base);
    VectorStore unitQueries = TestData.normalized(queries);
    int[][] gt = TestData.groundTruth(unitBase, unitQueries, Metric.INNER_PRODUCT, K);
    try (Engine e = new JVectorEngine()) {
      e.build(unitBase, Metric.INNER_PRODUCT, 2, Engine.Progress.NONE);
      assertThat(TestData.recall(e, unitQueries, gt, K, 128)).isGreaterThanOrEqualTo(0.9);
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void luceneReachesRecall90AtLargeEf(Metric metric) {
    try (Engine e = Engines.create("lucene")) {
      e.build(base, metric, 2, Engine.Progress.NONE);
      assertThat(TestData.recall(e, queries, GT.get(metric), K, 128)).isGreaterThanOrEqualTo(0.9);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void luceneDefaultBuildsWithOneOrSeveralThreads(int threads) {
    try (Engine e = Engines.create("lucene-default")) {
      e.build(base, Metric.COSINE, threads, Engine.Progress.NONE);
      assertThat(TestData.recall(e, queries, GT.get(Metric.COSINE), K, 128))
          .isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void buildReportsProgressUpToTheBaseSize() {
    for (String name : new String[] {"jvector", "lucene"}) {
      long[] last = {-1, -1};
      try (Engine e = Engines.create(name)) {
        e.build(base, Metric.L2, 2, (done, total) -> {
          synchronized (last) {
            last[0] = Math.max(last[0], done);
            last[1] = total;
          }
        });
      }
      assertThat(last).as(name).containsExactly(N, N);
    }
  }

  @Test
  void indexBytesCountVectorsAndGraph() {
    for (String name : new String[] {"jvector", "lucene"}) {
      try (Engine e = Engines.create(name)) {
        e.build(base, Metric.L2, 2, Engine.Progress.NONE);
        long payload = (long) N * DIM * Float.BYTES;
        assertThat(e.indexBytes()).as(name).isGreaterThan(payload + (long) N * 4);
      }
    }
  }

  @Test
  void searchReturnsKDistinctIdsInRange() {
    try (Engine e = new JVectorEngine(); Engine l = Engines.create("lucene")) {
      e.build(base, Metric.COSINE, 2, Engine.Progress.NONE);
      l.build(base, Metric.COSINE, 2, Engine.Progress.NONE);
      for (Engine x : new Engine[] {e, l}) {
        int[] ids = x.search(queries.get(0), K, 40);
        assertThat(ids).hasSize(K).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(ids).min().getAsInt()).isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(ids).max().getAsInt()).isLessThan(N);
      }
    }
  }

  @Test
  void searchListSmallerThanKIsRejected() {
    try (Engine e = new JVectorEngine()) {
      e.build(base, Metric.L2, 1, Engine.Progress.NONE);
      assertThatThrownBy(() -> e.search(queries.get(0), 10, 5))
          .isInstanceOf(VamanaException.class).hasMessageContaining("smaller than k");
    }
  }
}
