package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vamana.VamanaException;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void meanP99AndQpsOfSingleThreadedRun() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (i + 1) * 1_000_000L; // 1..100 ms, shuffled order must not matter
    }
    reverse(nanos);
    LatencyStats s = LatencyStats.of(nanos);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.meanMs()).isCloseTo(50.5, within(1e-9));
    assertThat(s.p99Ms()).isCloseTo(99.0, within(1e-9));
    // total 5050 ms for 100 queries
    assertThat(s.qps()).isCloseTo(100 / 5.05, within(1e-9));
  }

  @Test
  void qpsUsesWallTimeWhenGiven() {
    LatencyStats s = LatencyStats.of(new long[] {2_000_000, 2_000_000, 2_000_000, 2_000_000}, 4_000_000);
    assertThat(s.qps()).isCloseTo(1000.0, within(1e-9));
    assertThat(s.meanMs()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void p99OfFewQueriesIsTheMaximum() {
    LatencyStats s = LatencyStats.of(new long[] {1_000_000, 3_000_000, 2_000_000});
    assertThat(s.p99Ms()).isEqualTo(3.0);
  }

  @Test
  void nearestRankIndex() {
    assertThat(LatencyStats.percentileIndex(1000, 0.99)).isEqualTo(989);
    assertThat(LatencyStats.percentileIndex(1, 0.99)).isZero();
  }

  @Test
  void rejectsEmptyBatchAndNonPositiveWallTime() {
    assertThatThrownBy(() -> LatencyStats.of(new long[0])).isInstanceOf(VamanaException.class);
    assertThatThrownBy(() -> LatencyStats.of(new long[] {5}, 0)).isInstanceOf(VamanaException.class);
  }

  private static void reverse(long[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
