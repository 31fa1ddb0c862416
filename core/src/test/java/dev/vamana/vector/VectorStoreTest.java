package dev.vamana.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import org.junit.jupiter.api.Test;

class VectorStoreTest {
  @Test
  void rowsSurviveGrowthAcrossManyChunks() {
    int dim = 4096; // 16 KiB rows: 2048 rows per chunk
    VectorStore s = new VectorStore(dim);
    int n = 5000;
    float[] v = new float[dim];
    for (int i = 0; i < n; i++) {
      v[0] = i;
      v[dim - 1] = -i;
      assertThat(s.append(v)).isEqualTo(i);
    }
    for (int i = 0; i < n; i += 97) {
      float[] got = s.get(i);
      assertThat(got[0]).isEqualTo(i);
      assertThat(got[dim - 1]).isEqualTo(-i);
    }
    assertThat(s.size()).isEqualTo(n);
    assertThat(s.bytes()).isGreaterThanOrEqualTo(4L * dim * n);
  }

  @Test
  void reservingExactlyAllocatesNoSpareRows() {
    VectorStore s = new VectorStore(384, 1000);
    assertThat(s.bytes()).isEqualTo(1000L * 384 * 4);
  }

  @Test
  void rejectsImpossibleDimensions() {
    assertThatThrownBy(() -> new VectorStore(0)).isInstanceOf(VamanaException.class).hasMessageContaining("dimension");
  }

  @Test
  void aStoreInACallersArenaIsFreedWhenTheArenaCloses() {
    java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared();
    VectorStore s = new VectorStore(3, 0, arena);
    for (int i = 0; i < 5000; i++) { // grows through several chunk sizes
      s.append(new float[] {i, i + 1, i + 2});
    }
    assertThat(s.get(4321)).containsExactly(4321f, 4322f, 4323f);
    arena.close();
    assertThatThrownBy(() -> s.get(1)).isInstanceOf(IllegalStateException.class);
  }
}
