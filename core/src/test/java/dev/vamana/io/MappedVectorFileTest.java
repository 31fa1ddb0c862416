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

  /** Resident kB of the mappings of {@code file} in this process, from /proc/self/smaps. */
  private static long residentKb(Path file) throws IOException {
    String name = file.toAbsolutePath().toString();
    long kb = 0;
    boolean in = false;
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        in = line.endsWith(name);
      } else if (in && line.startsWith("Rss:")) {
        kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kb;
  }

  @Test
  void readingWithoutMappingKeepsReadPagesOutOfTheProcess() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "needs Linux /proc");
    int n = 64 * 1024, d = 128; // 33 MB
    Path f = tmp.resolve("big.fbin");
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
      ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(n).putInt(d).flip();
      ch.write(head);
      ByteBuffer rows = ByteBuffer.allocate(4 * d * 1024).order(ByteOrder.LITTLE_ENDIAN);
      for (int b = 0; b < n / 1024; b++) {
        rows.clear();
        for (int i = 0; i < 1024 * d; i++) {
          rows.putFloat(b + i);
        }
        ch.write(rows.flip());
      }
    }
    float[] v = new float[d];
    try (MappedVectorFile unbounded = MappedVectorFile.open(f)) {
      for (int i = 0; i < n; i++) {
        unbounded.get(i, v);
      }
      assertThat(residentKb(f)).as("without a bound every page read stays resident").isGreaterThan(30_000);
    }
    try (MappedVectorFile bounded = MappedVectorFile.open(f).readWithoutMapping()) {
      for (int i = 0; i < n; i++) {
        bounded.get(i, v);
        assertThat(v[0]).isEqualTo((float) (i / 1024 + (i % 1024) * d));
      }
      assertThat(residentKb(f)).as("read without mapping").isLessThanOrEqualTo(64);
    }
    try (MappedVectorFile bounded = MappedVectorFile.open(f).readWithoutMapping()) {
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
      long peakKb = 0;
      for (int i = 0; i < 20_000; i++) { // random rows: each fault maps its neighbourhood too
        int row = rnd.nextInt(n);
        bounded.get(row, v);
        assertThat(v[1]).isEqualTo((float) (row / 1024 + (row % 1024) * d + 1));
        if (i % 500 == 0) {
          peakKb = Math.max(peakKb, residentKb(f));
        }
      }
      assertThat(peakKb).as("random reads without mapping").isLessThanOrEqualTo(64);
    }
  }
}
