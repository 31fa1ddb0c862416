package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class QpsAtRecallTest {
  private static ResultRow row(String engine, String param, double recall, double qps) {
    return new ResultRow(engine, param, recall, qps, 1, 1, -1, -1);
  }

  private final List<ResultRow> sweep = List.of(
      row("e", "10", 0.80, 10_000),
      row("e", "20", 0.90, 8_000),
      row("e", "40", 0.96, 5_000),
      row("e", "80", 0.985, 3_000));

  @Test
  void interpolatesLinearlyBetweenTheTwoPointsAroundTheTarget() {
    // 0.95 lies between 0.90 (8000) and 0.96 (5000): 8000 + (0.05/0.06) * -3000 = 5500
    assertThat(QpsAtRecall.interpolate(sweep, 0.95).getAsDouble()).isCloseTo(5_500, within(1e-6));
  }

  @Test
  void exactHitReturnsThatPointsQps() {
    assertThat(QpsAtRecall.interpolate(sweep, 0.90).getAsDouble()).isCloseTo(8_000, within(1e-6));
  }

  @Test
  void unreachedTargetIsEmptyAndFormatsAsNa() {
    OptionalDouble r = QpsAtRecall.interpolate(sweep, 0.99);
    assertThat(r).isEmpty();
    assertThat(QpsAtRecall.format(r)).isEqualTo("n/a");
  }

  @Test
  void targetBelowAllPointsReturnsTheLowestRecallPoint() {
    assertThat(QpsAtRecall.interpolate(sweep, 0.5).getAsDouble()).isEqualTo(10_000);
  }

  @Test
  void orderOfSweepRowsDoesNotMatter() {
    List<ResultRow> shuffled = List.of(sweep.get(2), sweep.get(0), sweep.get(3), sweep.get(1));
    assertThat(QpsAtRecall.interpolate(shuffled, 0.95).getAsDouble()).isCloseTo(5_500, within(1e-6));
  }

  @Test
  void rowsWithoutRecallAreIgnoredAndEngineFilterKeepsOrder() {
    List<ResultRow> mixed = List.of(row("a", "1", Double.NaN, 1), row("b", "1", 0.99, 7), row("a", "2", 0.97, 9));
    assertThat(QpsAtRecall.ofEngine(mixed, "a")).extracting(ResultRow::param).containsExactly("1", "2");
    assertThat(QpsAtRecall.interpolate(QpsAtRecall.ofEngine(mixed, "a"), 0.95).getAsDouble()).isEqualTo(9);
  }

  @Test
  void formatsWholeNumber() {
    assertThat(QpsAtRecall.format(OptionalDouble.of(5499.6))).isEqualTo("5500");
  }
}
