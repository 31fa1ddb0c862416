package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vamana.VamanaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecallTest {
  @Test
  void countsIntersectionOfTopKOverK() {
    int[] gt = {5, 7, 9, 11, 13, 100, 200};
    assertThat(Recall.atK(new long[] {9, 5, 1, 2}, gt, 4)).isEqualTo(0.5);
    assertThat(Recall.atK(new long[] {13, 11, 9, 7, 5}, gt, 5)).isEqualTo(1.0);
  }

  @Test
  void onlyFirstKOfResultAndGroundTruthCount() {
    int[] gt = {1, 2, 3, 4};
    // id 3 is in the gt row but beyond k=2; id 2 is in the result beyond k=2
    assertThat(Recall.atK(new long[] {3, 1, 2}, gt, 2)).isEqualTo(0.5);
  }

  @Test
  void shortResultCountsMissingAsMisses() {
    assertThat(Recall.atK(new long[] {1}, new int[] {1, 2, 3, 4}, 4)).isEqualTo(0.25);
    assertThat(Recall.atK(new long[0], new int[] {1, 2}, 2)).isZero();
  }

  @Test
  void repeatedResultIdCountsOnce() {
    assertThat(Recall.atK(new long[] {1, 1, 1}, new int[] {1, 2, 3}, 3)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void intOverloadMatchesLong() {
    int[] gt = {4, 8, 15, 16, 23, 42};
    assertThat(Recall.atK(new int[] {42, 4, 99}, gt, 3)).isEqualTo(Recall.atK(new long[] {42, 4, 99}, gt, 3));
  }

  @Test
  void meanAveragesOverQueries() {
    int[][] gt = {{1, 2}, {3, 4}, {5, 6}};
    double m = Recall.mean(List.of(new long[] {1, 2}, new long[] {3, 0}, new long[] {0, 0}), gt, 2);
    assertThat(m).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void rejectsGroundTruthShorterThanK() {
    assertThatThrownBy(() -> Recall.atK(new long[] {1}, new int[] {1, 2}, 3))
        .isInstanceOf(VamanaException.class).hasMessageContaining("fewer than k=3");
  }

  @Test
  void rejectsMoreQueriesThanGroundTruthRows() {
    assertThatThrownBy(() -> Recall.mean(List.of(new long[] {1}, new long[] {1}), new int[][] {{1}}, 1))
        .isInstanceOf(VamanaException.class).hasMessageContaining("1 rows but there are 2 queries");
  }
}
