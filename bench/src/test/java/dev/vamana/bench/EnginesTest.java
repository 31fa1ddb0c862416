package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import org.junit.jupiter.api.Test;

class EnginesTest {
  @Test
  void parseListLowerCasesAndDeduplicatesInOrder() {
    assertThat(Engines.parseList("Lucene, jvector,lucene")).containsExactly("lucene", "jvector");
  }

  @Test
  void unknownEngineIsNamedInTheError() {
    assertThatThrownBy(() -> Engines.parseList("vamana,faiss")).isInstanceOf(VamanaException.class)
        .hasMessageContaining("'faiss'");
    assertThatThrownBy(() -> Engines.create("faiss")).isInstanceOf(VamanaException.class);
  }

  @Test
  void createGivesEachPeerItsRecommendedSettings() {
    try (Engine l = Engines.create("lucene"); Engine d = Engines.create("lucene-default");
        Engine j = Engines.create("jvector")) {
      assertThat(l.settings()).contains("M=32", "beamWidth=250");
      assertThat(d.settings()).contains("M=16", "beamWidth=100");
      assertThat(j.settings()).contains("degree=32", "beamWidth=100", "neighborOverflow=1.2",
          "alpha=1.2", "hierarchy=on");
    }
  }
}
