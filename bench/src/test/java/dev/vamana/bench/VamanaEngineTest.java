package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VamanaEngineTest {
  @ParameterizedTest
  @EnumSource(Metric.class)
  void vamanaReachesRecall90AtLargeSearchList(Metric metric) {
    VectorStore base = TestData.clustered(2000, 32, 20, 1);
    VectorStore queries = TestData.clustered(50, 32, 20, 2);
    int[][] gt = TestData.groundTruth(base, queries, metric, 10);
    long[] last = {0};
    try (Engine e = Engines.create("vamana")) {
      e.build(base, metric, 2, (done, total) -> {
        synchronized (last) {
          last[0] = Math.max(last[0], done);
        }
      });
      assertThat(TestData.recall(e, queries, gt, 10, 128)).isGreaterThanOrEqualTo(0.9);
      assertThat(e.indexBytes()).isGreaterThanOrEqualTo(2000L * 32 * 4);
    }
    assertThat(last[0]).isEqualTo(2000);
  }
}
