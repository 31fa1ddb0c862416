package dev.vamana.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.graph.VamanaIndex;
import dev.vamana.io.VectorSource;
import dev.vamana.quant.ClusteredData;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SSD index over graphs built by the in-memory {@link VamanaIndex}. */
class VamanaDiskIndexTest {
  @TempDir Path tmp;

  private static final int N = 4000;
  private static final int DIM = 32;
  private static final int Q = 40;

  private static double recall(Path dir, VectorStore raw, VectorStore queries, Metric metric, int l, IoMode io) {
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withIo(io).withCacheNodes(200))) {
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

  @ParameterizedTest
  @EnumSource(Metric.class)
  void diskSearchRecallAtLargeLIsAtLeast95PercentForEveryMetric(Metric metric) {
    VectorStore all = ClusteredData.generate(N + Q, DIM, 16, 100L + metric.ordinal());
    VectorStore raw = ClusteredData.slice(all, 0, N);
    VectorStore queries = ClusteredData.slice(all, N, N + Q);
    Path dir = tmp.resolve(metric.shortName());
    DiskIndexBuilder.builder().metric(metric).maxDegree(32).pqBytes(16).threads(2).seed(3)
        .graphBuilder(new VamanaGraphBuilder(64, 1.2f, 2, 3)).build(VectorSource.of(raw), null, dir, BuildPhases.NONE);
    assertThat(recall(dir, raw, queries, metric, 100, IoMode.DIRECT)).as("recall@10 %s direct", metric).isGreaterThanOrEqualTo(0.95);
    assertThat(recall(dir, raw, queries, metric, 100, IoMode.MMAP)).as("recall@10 %s mmap", metric).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void partitionedBuildWithVamanaShardsIsWithinOnePercentOfOneShot() {
    VectorStore all = ClusteredData.generate(N + Q, DIM, 16, 7L);
    VectorStore raw = ClusteredData.slice(all, 0, N);
    VectorStore queries = ClusteredData.slice(all, N, N + Q);
    Path one = tmp.resolve("one"), parts = tmp.resolve("parts");
    DiskIndexBuilder.builder().metric(Metric.L2).maxDegree(32).pqBytes(16).threads(2).seed(3)
        .graphBuilder(new VamanaGraphBuilder(64, 1.2f, 2, 3)).build(VectorSource.of(raw), null, one, BuildPhases.NONE);
    DiskIndexBuilder.Report r = DiskIndexBuilder.builder().metric(Metric.L2).maxDegree(32).pqBytes(16).threads(2).seed(3).shards(4)
        .graphBuilder(new VamanaGraphBuilder(64, 1.2f, 2, 3)).build(VectorSource.of(raw), null, parts, BuildPhases.NONE);
    assertThat(r.partitioned()).isTrue();
    double a = recall(one, raw, queries, Metric.L2, 30, IoMode.DIRECT);
    double b = recall(parts, raw, queries, Metric.L2, 30, IoMode.DIRECT);
    assertThat(b).as("partitioned %f vs one-shot %f at L=30", b, a).isGreaterThanOrEqualTo(a - 0.01);
  }

  @Test
  void writingAnIndexWithDeletesCompactsItAndNeverReturnsDeletedIds() {
    VectorStore raw = ClusteredData.generate(2000, DIM, 8, 9L);
    long[] ids = new long[raw.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 10_000 + i;
    }
    try (VamanaIndex index = VamanaIndex.builder().dimension(DIM).metric(Metric.COSINE).maxDegree(24).buildListSize(64)
        .threads(2).seed(1).build()) {
      index.addAll(raw, ids, null);
      for (int i = 0; i < 2000; i += 5) {
        index.delete(10_000 + i);
      }
      Path dir = tmp.resolve("compacted");
      DiskIndexBuilder.builder().pqBytes(8).threads(2).writeIndex(index, dir, BuildPhases.NONE);
      try (DiskIndex disk = DiskIndex.open(dir, DiskIndex.Options.defaults())) {
        assertThat(disk.size()).isEqualTo(1600);
        for (int qi = 0; qi < 50; qi++) {
          DiskSearchResult res = disk.search(raw.get(qi * 7), 10, 50);
          for (long id : res.ids()) {
            assertThat((id - 10_000) % 5).as("deleted id returned").isNotZero();
          }
          if ((qi * 7) % 5 != 0) {
            assertThat(res.ids()[0]).isEqualTo(10_000 + qi * 7);
          }
        }
        float[] v = new float[DIM];
        int[] nb = new int[24];
        for (int o = 0; o < disk.size(); o++) {
          int deg = disk.readNode(o, v, nb);
          assertThat(deg).isBetween(1, 24);
        }
      }
    }
  }
}
