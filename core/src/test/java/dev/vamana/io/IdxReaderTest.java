package dev.vamana.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.vector.VectorStore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  static byte[] idx(int n, int rows, int cols) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(n);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < n * rows * cols; i++) out.writeByte(i % 256);
    return bytes.toByteArray();
  }

  @Test
  void readsPlainAndGzippedIdxImagesAsFloatVectors() throws IOException {
    byte[] data = idx(3, 2, 5);
    Path plain = dir.resolve("train-images-idx3-ubyte");
    Files.write(plain, data);
    Path gz = dir.resolve("train-images-idx3-ubyte.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(data);
    }
    for (Path p : new Path[] {plain, gz}) {
      assertThat(VectorFormat.of(p)).isEqualTo(VectorFormat.IDX);
      VectorStore s = VectorFileReader.readVectors(p);
      assertThat(s.size()).isEqualTo(3);
      assertThat(s.dimension()).isEqualTo(10);
      assertThat(s.get(2)).startsWith(20f, 21f);
      assertThat(VectorFileReader.shape(p, null)).isEqualTo(new VectorFileReader.Shape(3, 10));
    }
  }

  @Test
  void truncatedOrForeignIdxFilesAreRejected() throws IOException {
    byte[] data = idx(3, 2, 5);
    Path cut = dir.resolve("cut-idx3-ubyte");
    Files.write(cut, java.util.Arrays.copyOf(data, data.length - 1));
    assertThatThrownBy(() -> VectorFileReader.readVectors(cut)).isInstanceOf(VamanaException.class).hasMessageContaining("truncated");
    data[3] = 1;
    Path foreign = dir.resolve("labels-idx3-ubyte");
    Files.write(foreign, data);
    assertThatThrownBy(() -> VectorFileReader.readVectors(foreign)).isInstanceOf(VamanaException.class).hasMessageContaining("magic");
  }
}
