package dev.vamana.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.vector.VectorStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFileRoundTripTest {
  @TempDir Path dir;

  private static VectorStore randomStore(int n, int d, long seed) {
    Random rnd = new Random(seed);
    VectorStore s = new VectorStore(d, n);
    float[] v = new float[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        v[j] = (float) rnd.nextGaussian() * 10;
      }
      s.append(v);
    }
    return s;
  }

  private static void assertSameRows(VectorStore a, VectorStore b) {
    assertThat(b.size()).isEqualTo(a.size());
    assertThat(b.dimension()).isEqualTo(a.dimension());
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("row %d", i).containsExactly(a.get(i));
    }
  }

  @Test
  void fvecsRoundTripKeepsEveryFloat() {
    VectorStore s = randomStore(300, 17, 1);
    Path f = dir.resolve("a.fvecs");
    VectorFileWriter.writeVectors(f, s);
    assertThat(f).hasSize(300L * (4 + 17 * 4));
    assertSameRows(s, VectorFileReader.readVectors(f));
  }

  @Test
  void fbinRoundTripKeepsEveryFloat() {
    VectorStore s = randomStore(257, 33, 2);
    Path f = dir.resolve("a.fbin");
    VectorFileWriter.writeVectors(f, s);
    assertThat(f).hasSize(8 + 257L * 33 * 4);
    assertSameRows(s, VectorFileReader.readVectors(f));
  }

  @Test
  void explicitFormatOverridesExtension() {
    VectorStore s = randomStore(10, 4, 3);
    Path f = dir.resolve("vectors.dat");
    VectorFileWriter.writeVectors(f, s, VectorFormat.FBIN);
    assertSameRows(s, VectorFileReader.readVectors(f, VectorFormat.parse("fbin")));
    assertThat(VectorFileReader.shape(f, VectorFormat.FBIN)).isEqualTo(new VectorFileReader.Shape(10, 4));
  }

  @Test
  void ivecsRoundTripKeepsEveryInt() {
    int[][] rows = {{1, 2, 3}, {4, 5, 6}, {-7, 8, Integer.MAX_VALUE}};
    Path f = dir.resolve("a.ivecs");
    VectorFileWriter.writeInts(f, rows);
    assertThat(VectorFileReader.readInts(f)).isDeepEqualTo(rows);
  }

  @Test
  void ivecsGroundTruthHasIdsButNoDistances() {
    int[][] rows = {{1, 2}, {3, 4}};
    Path f = dir.resolve("gt.ivecs");
    VectorFileWriter.writeGroundTruth(f, new GroundTruth(rows, new float[][] {{1, 2}, {3, 4}}));
    GroundTruth gt = VectorFileReader.readGroundTruth(f);
    assertThat(gt.ids()).isDeepEqualTo(rows);
    assertThat(gt.hasDistances()).isFalse();
  }

  @Test
  void ibinRoundTrip() {
    int[][] rows = {{10, 20}, {30, 40}, {50, 60}, {70, 80}};
    Path f = dir.resolve("a.ibin");
    VectorFileWriter.writeInts(f, rows);
    assertThat(f).hasSize(8 + 8 * 4);
    assertThat(VectorFileReader.readInts(f)).isDeepEqualTo(rows);
  }

  @Test
  void diskannGroundTruthRoundTripKeepsIdsAndDistances() {
    int[][] ids = {{3, 1, 2}, {0, 4, 5}};
    float[][] d = {{0.1f, 0.2f, 0.3f}, {1f, 2f, 3.5f}};
    Path f = dir.resolve("truth.gt");
    VectorFileWriter.writeGroundTruth(f, new GroundTruth(ids, d));
    assertThat(f).hasSize(8 + 2 * 3 * 8);
    GroundTruth back = VectorFileReader.readGroundTruth(f);
    assertThat(back.ids()).isDeepEqualTo(ids);
    assertThat(back.distances()).isDeepEqualTo(d);
    assertThat(back.k()).isEqualTo(3);
    assertThat(VectorFileReader.readInts(f)).isDeepEqualTo(ids);
  }

  @Test
  void diskannGroundTruthWithIdsOnlyIsRead() throws Exception {
    Path f = dir.resolve("ids.bin");
    Files.write(f, le(2, 2, 7, 8, 9, 10));
    GroundTruth gt = VectorFileReader.readGroundTruth(f, VectorFormat.DISKANN_GT);
    assertThat(gt.ids()).isDeepEqualTo(new int[][] {{7, 8}, {9, 10}});
    assertThat(gt.hasDistances()).isFalse();
  }

  @Test
  void bvecsIsReadAsUnsignedBytes() throws Exception {
    Path f = dir.resolve("a.bvecs");
    ByteBuffer b = ByteBuffer.allocate(2 * (4 + 3)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(3).put((byte) 0).put((byte) 127).put((byte) 255);
    b.putInt(3).put((byte) 1).put((byte) 128).put((byte) 200);
    Files.write(f, b.array());
    VectorStore s = VectorFileReader.readVectors(f);
    assertThat(s.get(0)).containsExactly(0f, 127f, 255f);
    assertThat(s.get(1)).containsExactly(1f, 128f, 200f);
  }

  @Test
  void u8binIsReadAsUnsignedBytes() throws Exception {
    Path f = dir.resolve("a.u8bin");
    ByteBuffer b = ByteBuffer.allocate(8 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(2).putInt(2).put((byte) 255).put((byte) 0).put((byte) 10).put((byte) 129);
    Files.write(f, b.array());
    VectorStore s = VectorFileReader.readVectors(f);
    assertThat(s.get(0)).containsExactly(255f, 0f);
    assertThat(s.get(1)).containsExactly(10f, 129f);
  }

  @Test
  void i8binIsReadAsSignedBytes() throws Exception {
    Path f = dir.resolve("a.i8bin");
    ByteBuffer b = ByteBuffer.allocate(8 + 3).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(1).putInt(3).put((byte) -128).put((byte) 0).put((byte) 127);
    Files.write(f, b.array());
    assertThat(VectorFileReader.readVectors(f).get(0)).containsExactly(-128f, 0f, 127f);
  }

  @Test
  void floatArraysCanBeWritten() {
    Path f = dir.resolve("small.fvecs");
    VectorFileWriter.writeVectors(f, new float[][] {{1, 2}, {3, 4}});
    VectorStore s = VectorFileReader.readVectors(f);
    assertThat(s.get(1)).containsExactly(3f, 4f);
  }

  @Test
  void rewriteReplacesTheOldFileAndLeavesNoTemporaryFile() throws Exception {
    Path f = dir.resolve("a.fvecs");
    VectorFileWriter.writeVectors(f, randomStore(50, 8, 4));
    VectorStore s = randomStore(5, 8, 5);
    VectorFileWriter.writeVectors(f, s);
    assertSameRows(s, VectorFileReader.readVectors(f));
    try (var list = Files.list(dir)) {
      assertThat(list.toList()).containsExactly(f);
    }
  }

  static byte[] le(int... ints) {
    ByteBuffer b = ByteBuffer.allocate(4 * ints.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i : ints) {
      b.putInt(i);
    }
    return b.array();
  }
}
