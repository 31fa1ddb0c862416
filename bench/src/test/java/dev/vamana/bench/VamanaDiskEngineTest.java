package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import org.junit.jupiter.api.Test;

class VamanaDiskEngineTest {
  @Test
  void vamanaDiskReachesRecall90AtLargeSearchListAndCountsRamAndDiskReads() {
    VectorStore base = TestData.clustered(3000, 48, 20, 1);
    VectorStore queries = TestData.clustered(50, 48, 20, 2);
    int[][] gt = TestData.groundTruth(base, queries, Metric.COSINE, 10);
    long[] last = {0};
    try (Engine e = Engines.create("vamana-disk")) {
      e.build(base, Metric.COSINE, 2, (done, total) -> {
        synchronized (last) {
          last[0] = Math.max(last[0], done);
        }
      });
      assertThat(TestData.recall(e, queries, gt, 10, 128)).isGreaterThanOrEqualTo(0.9);
      long raw = 3000L * 48 * Float.BYTES;
      // (the 2,000-node cache holds most of this small set, so its RAM is not below the raw vectors)
      assertThat(e.ramBytes()).isPositive();
      assertThat(e.indexBytes()).as("the index files hold the full vectors").isGreaterThan(raw);
      assertThat(e.settings()).contains("PQ bytes=16");
      assertThat(e.concurrentSearch()).isTrue();
      // 1,000 of the 3,000 nodes are not cached: a wide search reads some of them.
      long before = e.diskReads();
      for (int q = 0; q < queries.size(); q++) {
        e.search(queries.get(q), 10, 200);
      }
      assertThat(e.diskReads()).isGreaterThan(before);
    }
    assertThat(last[0]).isEqualTo(3000);
  }
}
