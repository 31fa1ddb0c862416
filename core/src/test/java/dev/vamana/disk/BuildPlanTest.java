package dev.vamana.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BuildPlanTest {
  private static final long MB = 1L << 20;

  @Test
  void noBudgetMeansOneShot() {
    BuildPlan p = BuildPlan.of(2_000_000, 128, 64, 48, 2, 0, 6L << 30);
    assertThat(p.oneShot()).isTrue();
    assertThat(p.shardCap()).isEqualTo(2_000_000);
  }

  @Test
  void aBudgetThatHoldsEverythingBuildsInOnePiece() {
    BuildPlan p = BuildPlan.of(100_000, 128, 64, 32, 2, 400 * MB, 120 * MB);
    assertThat(p.oneShot()).isTrue();
    assertThat(p.heapBytes() + p.offHeapPeakBytes()).isLessThanOrEqualTo(400 * MB);
  }

  @Test
  void everyPlanKeepsHeapAndOffHeapWithinTheBudgetForManyShapes() {
    long[] ns = {50_000, 1_000_000, 2_000_000, 10_000_000};
    int[] dims = {96, 128, 384, 1536};
    int partitioned = 0;
    for (long n : ns) {
      for (int dim : dims) {
        long oneShot = n * (4L * dim + 300);
        long budget = Math.max(BuildPlan.minimumBudget(n, dim, 64, 32, 2), oneShot / 3);
        long heap = budget * 3 / 10;
        BuildPlan p = BuildPlan.of(n, dim, 64, 32, 2, budget, heap);
        String shape = n + " x " + dim;
        assertThat(p.heapBytes() + p.offHeapPeakBytes()).as(shape).isLessThanOrEqualTo(budget);
        assertThat(p.heapPeakBytes()).as(shape).isLessThanOrEqualTo((long) (BuildPlan.HEAP_FILL * heap));
        if (!p.oneShot()) {
          partitioned++;
          assertThat((long) p.shardCap() * p.shards()).as(shape + ": room for two copies").isGreaterThanOrEqualTo(2 * n);
        }
      }
    }
    assertThat(partitioned).as("most shapes need shards at a third of the one-shot memory").isGreaterThan(12);
  }

  @Test
  void aBudgetTooSmallNamesTheSmallestThatWorks() {
    long min = BuildPlan.minimumBudget(2_000_000, 128, 64, 48, 2);
    assertThatThrownBy(() -> BuildPlan.of(2_000_000, 128, 64, 48, 2, min / 2, min / 2 * 3 / 10))
        .isInstanceOf(VamanaException.class).hasMessageContaining("too small").hasMessageContaining(String.format("%,d", min));
    assertThat(BuildPlan.of(2_000_000, 128, 64, 48, 2, min, min * 3 / 10).shards()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void cappedShardsHoldAtMostTheCapAndNeverTheSameVectorTwice() {
    int n = 1000, dim = 4, k = 4;
    VectorStore data = new VectorStore(dim, n);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    for (int i = 0; i < n; i++) { // 90% of the points near centroid 0: k-means-like imbalance
      float c = rnd.nextDouble() < 0.9 ? 0f : 10f * (1 + rnd.nextInt(3));
      data.append(new float[] {c + (float) rnd.nextGaussian() * 0.1f, 0, 0, 0});
    }
    float[] centroids = {0, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0};
    int[] first = new int[n], second = new int[n];
    for (int i = 0; i < n; i++) {
      float x = data.get(i)[0];
      first[i] = Math.min(3, Math.round(x / 10));
      second[i] = first[i] == 0 ? 1 : first[i] - 1;
    }
    int cap = 600;
    int[][] before = {first.clone(), second.clone()};
    PartitionedBuild.capShards(VectorSource.of(data), Metric.L2, centroids, k, first, second, cap);
    int[] count = new int[k];
    for (int i = 0; i < n; i++) {
      assertThat(first[i]).isNotEqualTo(second[i]);
      count[first[i]]++;
      if (second[i] >= 0) {
        count[second[i]]++;
      }
    }
    assertThat(Arrays.stream(count).max().getAsInt()).isLessThanOrEqualTo(cap);
    assertThat(count[0]).as("shard 0 was over the cap before").isEqualTo(cap);
    // the same input gives the same assignment (row order, not thread timing)
    int[] f2 = before[0].clone(), s2 = before[1].clone();
    PartitionedBuild.capShards(VectorSource.of(data), Metric.L2, centroids, k, f2, s2, cap);
    assertThat(f2).isEqualTo(first);
    assertThat(s2).isEqualTo(second);
  }
}
