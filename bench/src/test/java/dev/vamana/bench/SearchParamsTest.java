package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import org.junit.jupiter.api.Test;

class SearchParamsTest {
  @Test
  void defaultsForK10AreTheBaseList() {
    assertThat(SearchParams.defaults(10)).containsExactly(10, 16, 24, 32, 48, 64, 96, 128, 192, 256);
  }

  @Test
  void defaultsScaleWithKAndNeverGoBelowK() {
    assertThat(SearchParams.defaults(100)).startsWith(100, 160).endsWith(2560);
    assertThat(SearchParams.defaults(1)).startsWith(1, 2).doesNotHaveDuplicates();
  }

  @Test
  void parseSortsAndDeduplicates() {
    assertThat(SearchParams.parse("40, 20,20,80", 10)).containsExactly(20, 40, 80);
    assertThat(SearchParams.format(new int[] {20, 40})).isEqualTo("20,40");
  }

  @Test
  void parseRejectsValuesBelowKAndNonNumbers() {
    assertThatThrownBy(() -> SearchParams.parse("5,20", 10)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("smaller than k=10");
    assertThatThrownBy(() -> SearchParams.parse("x", 10)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("'x'");
  }
}
