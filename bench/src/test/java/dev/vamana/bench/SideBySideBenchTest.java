package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SideBySideBenchTest {

  @Test
  void runBuildsEveryEngineAndMeasuresOneRowPerParam() {
    VectorStore base = TestData.clustered(1500, 16, 10, 3);
    VectorStore queries = TestData.clustered(30, 16, 10, 4);
    int[][] gt = TestData.groundTruth(base, queries, Metric.L2, 10);
    int[] params = {10, 40, 160};
    var config = new SideBySideBench.Config(List.of("jvector", "lucene-default"), Metric.L2, 10, 2,
        params, 1);
    List<String> events = new ArrayList<>();
    List<SideBySideBench.EngineResult> results = new SideBySideBench(config).run(base, queries, gt,
        new SideBySideBench.Listener() {
          @Override
          public void buildFinished(Engine engine, double seconds, long indexBytes) {
            events.add("built " + engine.name());
          }

          @Override
          public void row(ResultRow row) {
            events.add(row.engine() + "@" + row.param());
          }
        });

    assertThat(events).containsExactly("built jvector", "jvector@10", "jvector@40", "jvector@160",
        "built lucene-default", "lucene-default@10", "lucene-default@40", "lucene-default@160");
    for (SideBySideBench.EngineResult r : results) {
      assertThat(r.rows()).hasSize(3);
      assertThat(r.buildSeconds()).isPositive();
      assertThat(r.indexBytes()).isGreaterThan(1500L * 16 * 4);
      assertThat(r.distancesPerQuery()).hasSize(3);
      assertThat(r.distancesPerQuery()[2]).as(r.engine()).isGreaterThan(r.distancesPerQuery()[0])
          .isGreaterThan(10);
      ResultRow last = r.rows().get(2);
      assertThat(last.recall()).as(r.engine()).isGreaterThanOrEqualTo(0.9);
      assertThat(last.recall()).isGreaterThanOrEqualTo(r.rows().get(0).recall());
      for (ResultRow row : r.rows()) {
        assertThat(row.qps()).isPositive();
        assertThat(row.p99Ms()).isGreaterThanOrEqualTo(row.meanMs() * 0.5);
        assertThat(row.buildSeconds()).isEqualTo(r.buildSeconds());
      }
    }
    List<String> summary = BenchReport.qpsAtRecall(results);
    assertThat(summary).hasSize(3);
    assertThat(summary.get(0)).contains("qps@0.90", "qps@0.95", "qps@0.99");
  }

  @Test
  void groundTruthShorterThanKIsRejected() {
    VectorStore base = TestData.clustered(100, 8, 4, 5);
    VectorStore queries = TestData.clustered(3, 8, 4, 6);
    int[][] gt = TestData.groundTruth(base, queries, Metric.L2, 5);
    var config = new SideBySideBench.Config(List.of("lucene"), Metric.L2, 10, 1, null, 0);
    assertThatThrownBy(() -> new SideBySideBench(config).run(base, queries, gt,
        new SideBySideBench.Listener() {}))
        .isInstanceOf(VamanaException.class).hasMessageContaining("fewer than k=10");
  }

  @Test
  void queriesOfAnotherDimensionAreRejected() {
    VectorStore base = TestData.clustered(100, 8, 4, 5);
    VectorStore queries = TestData.clustered(3, 9, 4, 6);
    var config = new SideBySideBench.Config(List.of("lucene"), Metric.L2, 10, 1, null, 0);
    assertThatThrownBy(() -> new SideBySideBench(config).run(base, queries, new int[3][10],
        new SideBySideBench.Listener() {}))
        .isInstanceOf(VamanaException.class).hasMessageContaining("dimension 9");
  }
}
