package dev.vamana.io;

import static dev.vamana.io.VectorFileRoundTripTest.le;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFileValidationTest {
  @TempDir Path dir;

  private Path fvecs(String name, float[]... rows) throws IOException {
    Path f = dir.resolve(name);
    int bytes = 0;
    for (float[] r : rows) {
      bytes += 4 + 4 * r.length;
    }
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      b.putInt(r.length);
      for (float x : r) {
        b.putFloat(x);
      }
    }
    Files.write(f, b.array());
    return f;
  }

  private static void assertOneLineError(Runnable r, Path file, String... fragments) {
    assertThatThrownBy(r::run)
        .isInstanceOf(VamanaException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContainingAll(fragments)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("nope.fvecs");
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "no such file");
  }

  @Test
  void emptyFileIsRejected() throws IOException {
    Path f = Files.createFile(dir.resolve("empty.fvecs"));
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "empty");
    Path g = Files.createFile(dir.resolve("empty.ivecs"));
    assertOneLineError(() -> VectorFileReader.readInts(g), g, "empty");
  }

  @Test
  void binFileWithNoRowsIsRejected() throws IOException {
    Path f = dir.resolve("none.fbin");
    Files.write(f, le(0, 4));
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "no rows");
  }

  @Test
  void truncatedTexmexFileIsRejected() throws IOException {
    Path f = fvecs("t.fvecs", new float[] {1, 2, 3}, new float[] {4, 5, 6});
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 2));
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "truncated", "whole number of rows", "dimension 3");
  }

  @Test
  void texmexFileShorterThanARowHeaderIsTruncated() throws IOException {
    Path f = dir.resolve("tiny.ivecs");
    Files.write(f, new byte[] {3, 0});
    assertOneLineError(() -> VectorFileReader.readInts(f), f, "truncated");
  }

  @Test
  void binHeaderDisagreeingWithSizeIsRejected() throws IOException {
    Path f = dir.resolve("t.fbin");
    VectorFileWriter.writeVectors(f, new float[][] {{1, 2}, {3, 4}, {5, 6}});
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 4));
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "truncated", "header says 3 rows x 2", "32 bytes");
    Path g = dir.resolve("long.ibin");
    Files.write(g, le(1, 2, 5, 6, 7));
    assertOneLineError(() -> VectorFileReader.readInts(g), g, "header says 1 rows x 2", "holds 20 bytes");
  }

  @Test
  void binFileShorterThanHeaderIsTruncated() throws IOException {
    Path f = dir.resolve("h.u8bin");
    Files.write(f, new byte[] {1, 0, 0});
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "truncated", "8-byte header");
  }

  @Test
  void truncatedGroundTruthIsRejected() throws IOException {
    Path f = dir.resolve("g.gt");
    Files.write(f, le(2, 2, 1, 2, 3));
    assertOneLineError(() -> VectorFileReader.readGroundTruth(f), f, "truncated", "ids only", "ids and distances");
  }

  @Test
  void rowWithAnotherDimensionIsNamed() throws IOException {
    Path f = fvecs("m.fvecs", new float[] {1, 2, 3}, new float[] {4, 5, 6}, new float[] {7, 8}, new float[] {9, 9, 9});
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "row 2", "dimension 2", "row 0 has 3");
  }

  @Test
  void rowWithAnotherDimensionIsNamedEvenWhenSizeIsAWholeNumberOfRows() throws IOException {
    // row 0 has dimension 2 (12 bytes a row); row 1 of dimension 5 takes 24 bytes: 36 = 3 rows of 12
    Path f = fvecs("w.fvecs", new float[] {1, 2}, new float[] {1, 2, 3, 4, 5});
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "row 1", "dimension 5", "row 0 has 2");
    Path g = fvecs("x.fvecs", new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 6, 7, 8, 9, 10, 11});
    // 12 + 12 + 32 = 56 bytes = not whole multiple of 12 -> the row scan finds row 2 first
    assertOneLineError(() -> VectorFileReader.readVectors(g), g, "row 2", "dimension 7");
  }

  @Test
  void nanIsRejectedWithRowAndColumn() throws IOException {
    Path f = fvecs("nan.fvecs", new float[] {1, 2}, new float[] {3, 4}, new float[] {5, Float.NaN});
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "row 2, column 1", "NaN");
  }

  @Test
  void infinityIsRejectedWithRowAndColumn() throws IOException {
    Path f = dir.resolve("inf.fbin");
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(2).putInt(2).putFloat(1).putFloat(2).putFloat(Float.NEGATIVE_INFINITY).putFloat(0);
    Files.write(f, b.array());
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "row 1, column 0", "-Infinity");
  }

  @Test
  void nonPositiveDimensionIsRejected() throws IOException {
    Path f = dir.resolve("zero.fvecs");
    Files.write(f, le(0, 0, 0));
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "dimension is 0");
    Path g = dir.resolve("neg.fbin");
    Files.write(g, le(1, -3));
    assertOneLineError(() -> VectorFileReader.readVectors(g), g, "dimension is -3");
  }

  @Test
  void absurdDimensionIsRejected() throws IOException {
    Path f = dir.resolve("big.fvecs");
    Files.write(f, le(1 << 30, 1, 2));
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "dimension is 1073741824", "expected 1..65536");
  }

  @Test
  void negativeRowCountIsRejected() throws IOException {
    Path f = dir.resolve("neg.ibin");
    Files.write(f, le(-1, 2));
    assertOneLineError(() -> VectorFileReader.readInts(f), f, "negative");
  }

  @Test
  void unknownExtensionIsRejected() throws IOException {
    Path f = fvecs("data.npy", new float[] {1});
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "unknown vector file extension '.npy'");
    Path g = fvecs("noext", new float[] {1});
    assertOneLineError(() -> VectorFileReader.readVectors(g), g, "no file extension");
    assertThatThrownBy(() -> VectorFormat.parse("hdf5")).isInstanceOf(VamanaException.class)
        .hasMessageContaining("unknown vector format 'hdf5'");
  }

  @Test
  void idFileWhereVectorsAreExpectedAndViceVersaIsRejected() throws IOException {
    Path f = dir.resolve("ids.ivecs");
    VectorFileWriter.writeInts(f, new int[][] {{1}});
    assertOneLineError(() -> VectorFileReader.readVectors(f), f, "holds ids, not vectors");
    Path g = fvecs("v.fvecs", new float[] {1});
    assertOneLineError(() -> VectorFileReader.readInts(g), g, "holds vectors, not ids");
  }

  @Test
  void negativeGroundTruthIdIsRejected() {
    Path f = dir.resolve("neg.ivecs");
    VectorFileWriter.writeInts(f, new int[][] {{1, 2}, {3, -4}});
    assertOneLineError(() -> VectorFileReader.readGroundTruth(f), f, "row 1, column 1", "negative id -4");
  }

  @Test
  void directoryAsInputIsRejected() {
    Path d = dir.resolve("x.fvecs");
    assertThat(d.toFile().mkdir()).isTrue();
    assertOneLineError(() -> VectorFileReader.readVectors(d), d, "is a directory");
  }

  @Test
  void unwritableOutputPathsAreRejectedAndLeaveNothing() throws IOException {
    VectorStore s = new VectorStore(2);
    s.append(new float[] {1, 2});
    Path noDir = dir.resolve("missing").resolve("out.fvecs");
    assertThatThrownBy(() -> VectorFileWriter.writeVectors(noDir, s)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("cannot write " + noDir).hasMessageContaining("does not exist");
    Path file = Files.createFile(dir.resolve("plainfile"));
    Path underFile = file.resolve("out.ivecs");
    assertThatThrownBy(() -> VectorFileWriter.writeInts(underFile, new int[][] {{1}}))
        .isInstanceOf(VamanaException.class).hasMessageContaining("cannot write " + underFile);
    Path isDir = Files.createDirectory(dir.resolve("d.fvecs"));
    assertThatThrownBy(() -> VectorFileWriter.writeVectors(isDir, s)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("is a directory");
    Path wrongExt = dir.resolve("out.u8bin");
    assertThatThrownBy(() -> VectorFileWriter.writeVectors(wrongExt, s)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("expected .fvecs or .fbin");
    assertThat(wrongExt).doesNotExist();
  }

  @Test
  void failureDuringWriteLeavesNoPartialFileAndKeepsTheOldOne() throws IOException {
    Path f = dir.resolve("keep.ibin");
    VectorFileWriter.writeInts(f, new int[][] {{1, 2}});
    byte[] before = Files.readAllBytes(f);
    int[][] ragged = {{1, 2}, {3}};
    assertThatThrownBy(() -> VectorFileWriter.writeInts(f, ragged)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("row 1 has 1 values");
    assertThatThrownBy(() -> AtomicFiles.write(f, ch -> {
      ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9}));
      throw new IOException("disk full");
    })).isInstanceOf(VamanaException.class).hasMessageContaining("disk full");
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
    try (var list = Files.list(dir)) {
      assertThat(list.toList()).containsExactly(f);
    }
  }
}
