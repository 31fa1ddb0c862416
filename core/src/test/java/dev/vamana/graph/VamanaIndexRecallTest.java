package dev.vamana.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.testing.TestData;
import dev.vamana.vector.Metric;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VamanaIndexRecallTest {
  static final int N = 5000, DIM = 32, Q = 100, K = 10;

  @ParameterizedTest
  @EnumSource(Metric.class)
  void recallAt10IsAtLeast98PercentAtLargeListSize(Metric metric) {
    float[][] base = TestData.clustered(N, DIM, 20, 1);
    float[][] queries = TestData.clustered(Q, DIM, 20, 2);
    int[][] truth = TestData.exact(base, queries, metric, K);
    try (VamanaIndex index = VamanaIndex.builder().dimension(DIM).metric(metric).maxDegree(32)
        .buildListSize(64).threads(2).build()) {
      index.addAll(TestData.store(base), null, null);
      assertThat(index.size()).isEqualTo(N);
      long[][] res = new long[Q][];
      for (int q = 0; q < Q; q++) {
        res[q] = index.search(queries[q], K, 400).ids();
      }
      assertThat(TestData.recall(res, truth, K)).isGreaterThanOrEqualTo(0.98);
    }
  }
}
