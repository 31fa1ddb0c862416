package dev.vamana.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.VectorSource;
import dev.vamana.quant.ClusteredData;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskIndexBuilderTest {
  @TempDir Path tmp;

  private static final int N = 3000;
  private static final int DIM = 24;

  /** Test graphs: the exact pruned graph of {@link ArrayGraphSource}. */
  static final ShardGraphBuilder EXACT = (vectors, metric, r, progress) -> {
    ArrayGraphSource g = ArrayGraphSource.build(metric, vectors, r, 1.2f);
    progress.update(1, 1);
    return g;
  };

  private static double recall(Path dir, VectorStore raw, VectorStore queries, Metric metric, int l) {
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults())) {
      double recall = 0;
      for (int qi = 0; qi < queries.size(); qi++) {
        float[] q = queries.get(qi);
        long[] found = idx.search(q, 10, l).ids();
        int[] truth = DiskTestSupport.exactTopK(metric, raw, q, 10);
        int hit = 0;
        for (int t : truth) {
          for (long f : found) {
            if (f == t) {
              hit++;
            }
          }
        }
        recall += hit / 10.0 / queries.size();
      }
      return recall;
    }
  }

  @Test
  void partitionedBuildRecallIsWithinOnePercentOfOneShot() throws IOException {
    VectorStore all = ClusteredData.generate(N + 50, DIM, 12, 5L);
    VectorStore raw = ClusteredData.slice(all, 0, N);
    VectorStore queries = ClusteredData.slice(all, N, N + 50);
    List<String> phases = new ArrayList<>();
    BuildPhases record = new BuildPhases() {
      @Override
      public ProgressListener start(String phase) {
        phases.add(phase);
        return (d, t) -> {};
      }

      @Override
      public void finish() {}
    };
    Path one = tmp.resolve("one"), parts = tmp.resolve("parts");
    DiskIndexBuilder.Report r1 = DiskIndexBuilder.builder().metric(Metric.L2).maxDegree(24).pqBytes(8).threads(2).seed(1)
        .graphBuilder(EXACT).build(VectorSource.of(raw), null, one, BuildPhases.NONE);
    DiskIndexBuilder.Report r2 = DiskIndexBuilder.builder().metric(Metric.L2).maxDegree(24).pqBytes(8).threads(2).seed(1)
        .graphBuilder(EXACT).shards(4).build(VectorSource.of(raw), null, parts, record);
    assertThat(r1.partitioned()).isFalse();
    assertThat(r2.partitioned()).isTrue();
    assertThat(phases).anyMatch(p -> p.startsWith("shard 4 of 4")).anyMatch(p -> p.startsWith("merge"));
    double oneShot = recall(one, raw, queries, Metric.L2, 40);
    double partitioned = recall(parts, raw, queries, Metric.L2, 40);
    assertThat(oneShot).isGreaterThan(0.9);
    assertThat(partitioned).as("partitioned %f vs one-shot %f", partitioned, oneShot).isGreaterThanOrEqualTo(oneShot - 0.01);
    try (Stream<Path> files = Files.list(parts)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          DiskIndexWriter.LAYOUT, DiskIndexWriter.PQ, DiskIndexWriter.IDS);
    }
  }

  @Test
  void buildMemoryBelowTheOneShotEstimateChoosesThePartitionedPath() {
    VectorStore raw = ClusteredData.generate(N, DIM, 12, 6L);
    long heap = 2L << 20;
    long oneShotOffHeap = (long) N * (4 * DIM + 6); // the graph's copy of the rows and the PQ codes
    DiskIndexBuilder.Report r = DiskIndexBuilder.builder().metric(Metric.COSINE).maxDegree(16).pqBytes(6).threads(2)
        .buildMemoryBytes(heap + oneShotOffHeap * 2 / 3).heapBytes(heap).graphBuilder(EXACT)
        .build(VectorSource.of(raw), null, tmp.resolve("p"), BuildPhases.NONE);
    assertThat(r.partitioned()).isTrue();
    assertThat(r.shards()).isGreaterThanOrEqualTo(2);
    assertThat(r.plan().heapBytes() + r.plan().offHeapPeakBytes()).isLessThanOrEqualTo(r.plan().budgetBytes());
    try (DiskIndex idx = DiskIndex.open(tmp.resolve("p"), DiskIndex.Options.defaults())) {
      assertThat(idx.search(raw.get(17), 1, 40).ids()[0]).isEqualTo(17L);
    }
  }

  @Test
  void externalIdsAreKeptAndPqBytesComeFromTheSearchMemoryBudget() {
    VectorStore raw = ClusteredData.generate(1000, DIM, 5, 7L);
    long[] ids = new long[1000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 5_000_000_000L + i * 7L;
    }
    long budget = 4L * 256 * DIM + 8L * 1000 + 12L * 1000;
    DiskIndexBuilder.Report r = DiskIndexBuilder.builder().metric(Metric.INNER_PRODUCT).maxDegree(16).searchMemoryBytes(budget)
        .threads(2).graphBuilder(EXACT).build(VectorSource.of(raw), ids, tmp.resolve("ids"), BuildPhases.NONE);
    assertThat(r.pqBytes()).isEqualTo(12);
    try (DiskIndex idx = DiskIndex.open(tmp.resolve("ids"), DiskIndex.Options.defaults())) {
      assertThat(idx.quantizer().m()).isEqualTo(12);
      assertThat(idx.externalId(999)).isEqualTo(5_000_000_000L + 999 * 7L);
    }
  }

  @Test
  void unwritableOutputIsAClearErrorAndLeavesNothing() throws IOException {
    VectorStore raw = ClusteredData.generate(200, DIM, 3, 8L);
    Path file = tmp.resolve("afile");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> DiskIndexBuilder.builder().pqBytes(4).graphBuilder(EXACT)
        .build(VectorSource.of(raw), null, file.resolve("out"), BuildPhases.NONE))
        .isInstanceOf(VamanaException.class).hasMessageContaining("output directory");
    ShardGraphBuilder failing = (v, m, r, p) -> {
      throw new VamanaException("simulated failure in shard build");
    };
    Path out = tmp.resolve("failed");
    assertThatThrownBy(() -> DiskIndexBuilder.builder().pqBytes(4).graphBuilder(failing).shards(2)
        .build(VectorSource.of(raw), null, out, BuildPhases.NONE)).hasMessageContaining("simulated");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).isEmpty();
    }
  }
}
