package dev.vamana.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vamana.VamanaException;
import dev.vamana.io.GroundTruth;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExactSearchTest {
  private static VectorStore gaussian(int n, int d, long seed) {
    Random rnd = new Random(seed);
    VectorStore s = new VectorStore(d, n);
    float[] v = new float[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        v[j] = (float) rnd.nextGaussian();
      }
      s.append(v);
    }
    return s;
  }

  /** Sorts every base row by the metric's textbook distance (double precision), ties by id. */
  private static int[][] naive(VectorStore base, VectorStore queries, Metric metric, int k, double[][] distOut) {
    int[][] out = new int[queries.size()][];
    for (int q = 0; q < queries.size(); q++) {
      float[] qv = Vectors.prepare(metric, queries.get(q), "q");
      double[] d = new double[base.size()];
      for (int r = 0; r < base.size(); r++) {
        float[] b = Vectors.prepare(metric, base.get(r), "b");
        double dot = 0;
        double l2 = 0;
        for (int j = 0; j < b.length; j++) {
          dot += (double) qv[j] * b[j];
          l2 += (double) (qv[j] - b[j]) * (qv[j] - b[j]);
        }
        d[r] = switch (metric) {
          case L2 -> l2;
          case INNER_PRODUCT -> -dot;
          case COSINE -> 1 - dot;
        };
      }
      List<Integer> order = new ArrayList<>();
      for (int r = 0; r < base.size(); r++) {
        order.add(r);
      }
      order.sort(Comparator.<Integer>comparingDouble(r -> d[r]).thenComparingInt(r -> r));
      out[q] = order.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
      distOut[q] = Arrays.stream(out[q]).mapToDouble(r -> d[r]).toArray();
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void matchesNaiveSortForEveryMetric(Metric metric) {
    VectorStore base = gaussian(1500, 24, 11);
    VectorStore queries = gaussian(37, 24, 12);
    int k = 10;
    double[][] nd = new double[queries.size()][];
    int[][] expected = naive(base, queries, metric, k, nd);
    GroundTruth gt = ExactSearch.search(base, queries, metric, k, 2, null);
    int swaps = 0;
    for (int q = 0; q < queries.size(); q++) {
      for (int j = 0; j < k; j++) {
        assertThat((double) gt.distances()[q][j]).as("q%d rank %d", q, j).isCloseTo(nd[q][j], within(1e-4));
        if (gt.ids()[q][j] != expected[q][j]) {
          swaps++; // only allowed where float rounding reorders two near-equal distances
          assertThat(nd[q][j]).isCloseTo(gt.distances()[q][j], within(1e-5));
        }
      }
      for (int j = 1; j < k; j++) {
        assertThat(gt.distances()[q][j]).isGreaterThanOrEqualTo(gt.distances()[q][j - 1]);
      }
    }
    assertThat(swaps).isLessThanOrEqualTo(2);
  }

  @Test
  void sameResultForAnyThreadCountAndWithAnExecutor() {
    VectorStore base = gaussian(800, 16, 21);
    VectorStore queries = gaussian(70, 16, 22); // several blocks of 16 and a partial one
    GroundTruth one = ExactSearch.search(base, queries, Metric.L2, 7, 1, null);
    GroundTruth two = ExactSearch.search(base, queries, Metric.L2, 7, 2, null);
    assertSameUpToRounding(two, one);
    ExecutorService ex = Executors.newFixedThreadPool(3);
    try {
      GroundTruth three = ExactSearch.search(base, queries, Metric.L2, 7, ex, 3, null);
      assertSameUpToRounding(three, one);
      assertThat(ex.isShutdown()).as("a passed-in executor stays open").isFalse();
    } finally {
      ex.shutdown();
    }
  }

  /**
   * The SIMD kernels may differ by an ulp between interpreted and JIT-compiled code, so runs are
   * compared with a float tolerance; ids must agree except where two distances are that close.
   */
  private static void assertSameUpToRounding(GroundTruth a, GroundTruth b) {
    assertThat(a.size()).isEqualTo(b.size());
    for (int q = 0; q < a.size(); q++) {
      for (int j = 0; j < a.ids()[q].length; j++) {
        float da = a.distances()[q][j];
        float db = b.distances()[q][j];
        assertThat(da).as("q%d rank %d", q, j).isCloseTo(db, within(1e-5f * Math.max(1, Math.abs(db))));
        if (a.ids()[q][j] != b.ids()[q][j]) {
          int other = j + 1 < a.ids()[q].length ? j + 1 : j - 1;
          assertThat(b.distances()[q][other]).as("near-tie at q%d rank %d", q, j)
              .isCloseTo(db, within(1e-5f * Math.max(1, Math.abs(db))));
        }
      }
    }
  }

  @Test
  void tiesGoToTheLowerId() {
    VectorStore base = new VectorStore(2);
    base.append(new float[] {5, 5});
    base.append(new float[] {1, 0}); // 1
    base.append(new float[] {0, 1}); // 2: same distance to the origin as 1
    base.append(new float[] {1, 0}); // 3: duplicate of 1
    base.append(new float[] {0, 0.5f});
    VectorStore q = new VectorStore(2);
    q.append(new float[] {0, 0});
    GroundTruth gt = ExactSearch.search(base, q, Metric.L2, 4, 1, null);
    assertThat(gt.ids()[0]).containsExactly(4, 1, 2, 3);
    assertThat(gt.distances()[0]).containsExactly(0.25f, 1f, 1f, 1f);
  }

  @Test
  void queryIsItsOwnNearestNeighbourWithZeroDistance() {
    VectorStore base = gaussian(300, 8, 31);
    VectorStore q = new VectorStore(8);
    q.append(base.get(123));
    assertThat(ExactSearch.search(base, q, Metric.L2, 1, 1, null).ids()[0]).containsExactly(123);
    GroundTruth cos = ExactSearch.search(base, q, Metric.COSINE, 1, 1, null);
    assertThat(cos.ids()[0]).containsExactly(123);
    assertThat(cos.distances()[0][0]).isCloseTo(0f, within(1e-5f));
  }

  @Test
  void progressReachesTheQueryCountInOrder() {
    VectorStore base = gaussian(200, 4, 41);
    VectorStore queries = gaussian(50, 4, 42);
    List<long[]> calls = new ArrayList<>();
    ExactSearch.search(base, queries, Metric.INNER_PRODUCT, 3, 2, (done, total) -> calls.add(new long[] {done, total}));
    assertThat(calls).isNotEmpty();
    assertThat(calls.getLast()).containsExactly(50, 50);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
    }
  }

  @Test
  void rejectsKLargerThanBaseAndDimensionMismatchAndZeroVectorForCosine() {
    VectorStore base = gaussian(5, 4, 51);
    assertThatThrownBy(() -> ExactSearch.search(base, gaussian(1, 4, 52), Metric.L2, 6, 1, null))
        .isInstanceOf(VamanaException.class).hasMessageContaining("k=6 is larger than the 5 base vectors");
    assertThatThrownBy(() -> ExactSearch.search(base, gaussian(1, 3, 53), Metric.L2, 1, 1, null))
        .isInstanceOf(VamanaException.class).hasMessageContaining("dimension 3");
    VectorStore zero = new VectorStore(4);
    zero.append(new float[4]);
    assertThatThrownBy(() -> ExactSearch.search(base, zero, Metric.COSINE, 1, 1, null))
        .isInstanceOf(VamanaException.class).hasMessageContaining("query 0 is the zero vector");
  }
}
