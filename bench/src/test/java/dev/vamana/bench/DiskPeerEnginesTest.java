package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The memory-constrained peers: jvector-disk, lucene-sq4, lucene-sq1. */
class DiskPeerEnginesTest {
  static final int N = 3000;
  static final int DIM = 32;
  static final int K = 10;
  static final long RAW = (long) N * DIM * Float.BYTES;
  static VectorStore base;
  static VectorStore queries;
  static final Map<Metric, int[][]> GT = new EnumMap<>(Metric.class);

  @BeforeAll
  static void data() {
    base = TestData.clustered(N, DIM, 20, 1);
    queries = TestData.clustered(50, DIM, 20, 2);
    for (Metric m : new Metric[] {Metric.L2, Metric.COSINE}) {
      GT.put(m, TestData.groundTruth(base, queries, m, K));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "jvector-disk, L2, 128, 0.9",
      "jvector-disk, COSINE, 128, 0.9",
      "lucene-sq4, L2, 128, 0.9",
      "lucene-sq4, COSINE, 128, 0.9",
      "lucene-sq1, L2, 256, 0.85",
      "lucene-sq1, COSINE, 256, 0.85"})
  void reachesRecallAtLargeSearchListHoldingLessRamThanTheRawVectors(String name, Metric metric,
      int param, double floor) {
    try (Engine e = Engines.create(name)) {
      e.build(base, metric, 2, Engine.Progress.NONE);
      double recall = TestData.recall(e, queries, GT.get(metric), K, param);
      System.out.printf("%s %s recall@10 at %d: %.4f, ram %d, index %d (raw %d)%n", name, metric, param,
          recall, e.ramBytes(), e.indexBytes(), RAW);
      assertThat(recall).as(name).isGreaterThanOrEqualTo(floor);
      assertThat(e.ramBytes()).as(name).isPositive().isLessThan(RAW);
      assertThat(e.indexBytes()).as(name).isGreaterThan(RAW);
      assertThat(e.concurrentSearch()).isTrue();
    }
  }

  @Test
  void jvectorDiskUsesAThirdOfTheDimensionAsPqBytesUnlessGiven() {
    try (JVectorDiskEngine byDefault = new JVectorDiskEngine(); JVectorDiskEngine given = new JVectorDiskEngine(4)) {
      byDefault.build(base, Metric.L2, 2, Engine.Progress.NONE);
      given.build(base, Metric.L2, 2, Engine.Progress.NONE);
      assertThat(byDefault.pqBytes()).isEqualTo(DIM / 3);
      assertThat(given.pqBytes()).isEqualTo(4);
      assertThat(byDefault.settings()).contains("PQ bytes=10");
      // The PQ codes (pqBytes per vector) are counted in what it holds.
      assertThat(byDefault.ramBytes()).isGreaterThanOrEqualTo(10L * N).isGreaterThan(given.ramBytes());
      assertThat(given.ramBytes()).isGreaterThanOrEqualTo(4L * N);
    }
  }

  @Test
  void luceneQuantizedKeepsTheFloatVectorsOutOfItsRam() {
    try (LuceneQuantizedEngine sq4 = (LuceneQuantizedEngine) Engines.create("lucene-sq4");
        LuceneQuantizedEngine sq1 = (LuceneQuantizedEngine) Engines.create("lucene-sq1")) {
      sq4.build(base, Metric.L2, 1, Engine.Progress.NONE);
      sq1.build(base, Metric.L2, 2, Engine.Progress.NONE);
      assertThat(sq4.files()).anyMatch(f -> f.endsWith(".vec")).anyMatch(f -> f.endsWith(".veq"));
      assertThat(sq4.indexBytes() - sq4.ramBytes()).isGreaterThanOrEqualTo(RAW - 4L * N);
      // 1 bit per dimension holds less than 4 bits per dimension.
      assertThat(sq1.ramBytes()).isLessThan(sq4.ramBytes());
    }
  }

  @Test
  void buildReportsProgressUpToTheBaseSizeAndSearchReturnsDistinctRows() {
    for (String name : new String[] {"jvector-disk", "lucene-sq4"}) {
      long[] last = {-1, -1};
      try (Engine e = Engines.create(name)) {
        e.build(base, Metric.COSINE, 2, (done, total) -> {
          synchronized (last) {
            last[0] = Math.max(last[0], done);
            last[1] = total;
          }
        });
        int[] ids = e.search(queries.get(0), K, 40);
        assertThat(ids).as(name).hasSize(K).doesNotHaveDuplicates();
        assertThat(Arrays.stream(ids).min().getAsInt()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(ids).max().getAsInt()).isLessThan(N);
        assertThatThrownBy(() -> e.search(queries.get(0), 10, 5))
            .isInstanceOf(VamanaException.class).hasMessageContaining("smaller than k");
      }
      assertThat(last).as(name).containsExactly(N, N);
    }
  }

  @Test
  void luceneQuantizedRejectsOtherBitWidths() {
    assertThatThrownBy(() -> new LuceneQuantizedEngine("x", 2))
        .isInstanceOf(VamanaException.class).hasMessageContaining("4 or 1");
  }
}
