package dev.vamana.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedVectorFileTest {
  @TempDir Path tmp;

  private static float value(int row, int j) {
    return row * 10 + j + 0.5f;
  }

  @Test
  void readsRowsOfFvecsAndFbinFiles() throws IOException {
    int n = 5, d = 3;
    ByteBuffer fv = ByteBuffer.allocate(n * (4 + 4 * d)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer fb = ByteBuffer.allocate(8 + n * 4 * d).order(ByteOrder.LITTLE_ENDIAN).putInt(n).putInt(d);
    for (int i = 0; i < n; i++) {
      fv.putInt(d);
      for (int j = 0; j < d; j++) {
        fv.putFloat(value(i, j));
        fb.putFloat(value(i, j));
      }
    }
    Files.write(tmp.resolve("a.fvecs"), fv.array());
    Files.write(tmp.resolve("a.fbin"), fb.array());
    for (String name : new String[] {"a.fvecs", "a.fbin"}) {
      try (MappedVectorFile f = MappedVectorFile.open(tmp.resolve(name))) {
        assertThat(f.size()).isEqualTo(n);
        assertThat(f.dimension()).isEqualTo(d);
        float[] row = new float[d];
        f.get(3, row);
        assertThat(row).containsExactly(value(3, 0), value(3, 1), value(3, 2));
      }
    }
  }

  @Test
  void truncatedOrForeignFilesAreRejectedWithTheirName() throws IOException {
    Files.write(tmp.resolve("t.fvecs"), new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 1});
    assertThatThrownBy(() -> MappedVectorFile.open(tmp.resolve("t.fvecs"))).isInstanceOf(VamanaException.class)
        .hasMessageContaining("t.fvecs").hasMessageContaining("truncated");
    Files.write(tmp.resolve("t.fbin"), ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putInt(2).array());
    assertThatThrownBy(() -> MappedVectorFile.open(tmp.resolve("t.fbin"))).isInstanceOf(VamanaException.class)
        .hasMessageContaining("expected 24");
    Files.write(tmp.resolve("x.csv"), new byte[] {1});
    assertThatThrownBy(() -> MappedVectorFile.open(tmp.resolve("x.csv"))).isInstanceOf(VamanaException.class)
        .hasMessageContaining(".fvecs or .fbin");
    assertThatThrownBy(() -> MappedVectorFile.open(tmp.resolve("none.fvecs"))).isInstanceOf(VamanaException.class)
        .hasMessageContaining("no such file");
  }
}
