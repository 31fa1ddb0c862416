package dev.vamana.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.testing.TestData;
import dev.vamana.vector.Metric;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class IndexFileTest {
  @TempDir Path dir;

  VamanaIndex built(Metric m) {
    float[][] base = TestData.clustered(1500, 20, 6, 31);
    VamanaIndex idx = VamanaIndex.builder().dimension(20).metric(m).maxDegree(16).buildListSize(32).build();
    long[] ids = new long[base.length];
    for (int i = 0; i < ids.length; i++) ids[i] = 1000 + 3L * i;
    idx.addAll(TestData.store(base), ids, null);
    idx.delete(1000);
    return idx;
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void saveThenOpenGivesTheSameAnswersAndAcceptsUpdates(Metric m) throws IOException {
    Path f = dir.resolve("a.vamana");
    float[][] queries = TestData.clustered(20, 20, 6, 32);
    try (VamanaIndex idx = built(m)) {
      idx.save(f);
      try (VamanaIndex back = VamanaIndex.open(f)) {
        assertThat(back.size()).isEqualTo(idx.size());
        assertThat(back.metric()).isEqualTo(m);
        assertThat(back.contains(1000)).isFalse();
        for (float[] q : queries) {
          SearchResult a = idx.search(q, 5, 30), b = back.search(q, 5, 30);
          assertThat(b.ids()).containsExactly(a.ids());
          for (int i = 0; i < a.size(); i++) { // SIMD sums may differ in the last bit between JIT tiers
            assertThat(b.distances()[i]).isCloseTo(a.distances()[i], org.assertj.core.api.Assertions.within(1e-5f));
          }
        }
        back.consolidate(); // reuses the deleted slot: writes into the mapped region
        back.add(1, queries[0]);
        back.add(2, queries[1]);
        assertThat(back.vector(2)).containsExactly(dev.vamana.vector.Vectors.prepare(m, queries[1], "q"));
        if (m != Metric.INNER_PRODUCT) { // under inner product the best match of a vector need not be itself
          assertThat(back.search(queries[1], 1, 10).ids()[0]).isEqualTo(2);
        }
      }
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.vamana"); // no temp files left
    }
  }

  @Test
  void aFlippedByteAnywhereIsDetected() throws IOException {
    Path f = dir.resolve("b.vamana");
    try (VamanaIndex idx = built(Metric.L2)) {
      idx.save(f);
    }
    byte[] good = Files.readAllBytes(f);
    for (int pos : new int[] {200, good.length / 2, good.length - 40}) {
      byte[] bad = good.clone();
      bad[pos] ^= 0x10;
      Path g = dir.resolve("flip" + pos);
      Files.write(g, bad);
      assertThatThrownBy(() -> VamanaIndex.open(g)).isInstanceOf(VamanaException.class).hasMessageContaining("checksum");
    }
  }

  @Test
  void truncatedForeignMissingAndNewerFilesAreRejectedClearly() throws IOException {
    Path f = dir.resolve("c.vamana");
    try (VamanaIndex idx = built(Metric.COSINE)) {
      idx.save(f);
    }
    byte[] good = Files.readAllBytes(f);
    Path trunc = dir.resolve("trunc");
    Files.write(trunc, java.util.Arrays.copyOf(good, good.length - 100));
    assertThatThrownBy(() -> VamanaIndex.open(trunc)).isInstanceOf(VamanaException.class).hasMessageContaining("truncated");
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> VamanaIndex.open(empty)).isInstanceOf(VamanaException.class).hasMessageContaining("truncated");
    Path foreign = dir.resolve("foreign");
    byte[] fb = good.clone();
    fb[0] = 'X';
    Files.write(foreign, fb);
    assertThatThrownBy(() -> VamanaIndex.open(foreign)).isInstanceOf(VamanaException.class).hasMessageContaining("magic");
    Path newer = dir.resolve("newer");
    byte[] nb = good.clone();
    ByteBuffer.wrap(nb).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 99);
    Files.write(newer, nb);
    assertThatThrownBy(() -> VamanaIndex.open(newer)).isInstanceOf(VamanaException.class).hasMessageContaining("version 99");
    assertThatThrownBy(() -> VamanaIndex.open(dir.resolve("nope"))).isInstanceOf(VamanaException.class).hasMessageContaining("does not exist");
  }

  @Test
  void saveKeepsListsThatInsertsGrewPastRAndTheReopenedIndexHasTheSameLists() throws IOException {
    Path f = dir.resolve("grown.vamana");
    float[][] more = TestData.clustered(600, 20, 6, 33);
    try (VamanaIndex idx = built(Metric.L2)) {
      for (int i = 0; i < more.length; i++) idx.add(1_000_000 + i, more[i]);
      int[][] before = lists(idx);
      assertThat(maxDegree(before)).as("inserts grow some lists past R").isGreaterThan(idx.maxDegree());
      idx.save(f);
      assertThat(lists(idx)).as("saving does not prune the lists in memory").isDeepEqualTo(before);
      try (VamanaIndex back = VamanaIndex.open(f)) {
        assertThat(lists(back)).isDeepEqualTo(before);
      }
    }
  }

  @Test
  void versionOneFilesStillOpen() throws IOException {
    Path f = dir.resolve("v2.vamana");
    float[][] queries = TestData.clustered(20, 20, 6, 34);
    try (VamanaIndex idx = built(Metric.COSINE)) {
      assertThat(maxDegree(lists(idx))).as("a one-shot build is pruned to R").isLessThanOrEqualTo(idx.maxDegree());
      idx.save(f);
      // with every list within R, version 2 differs from version 1 only in the version and the slots field
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(b.getInt(64)).isEqualTo(idx.maxDegree());
      b.putInt(4, 1).putInt(64, 0);
      Path v1 = dir.resolve("v1.vamana");
      Files.write(v1, withChecksum(b.array()));
      try (VamanaIndex back = VamanaIndex.open(v1)) {
        assertThat(lists(back)).isDeepEqualTo(lists(idx));
        for (float[] q : queries) {
          assertThat(back.search(q, 5, 30).ids()).containsExactly(idx.search(q, 5, 30).ids());
        }
      }
    }
  }

  @Test
  void neighbourSlotsOutsideRToTheSlackAreRejected() throws IOException {
    Path f = dir.resolve("d.vamana");
    try (VamanaIndex idx = built(Metric.L2)) {
      idx.save(f);
    }
    for (int slots : new int[] {15, 10_000}) { // R is 16; the slack of R = 16 is 19
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(64, slots);
      Path g = dir.resolve("slots" + slots);
      Files.write(g, withChecksum(b.array()));
      assertThatThrownBy(() -> VamanaIndex.open(g)).isInstanceOf(VamanaException.class)
          .hasMessageContaining("neighbour slots " + slots);
    }
  }

  static int[][] lists(VamanaIndex idx) {
    int[][] out = new int[idx.nodeCount()][];
    int[] nb = new int[idx.neighborCapacity()];
    for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOf(nb, idx.neighbors(i, nb));
    return out;
  }

  static int maxDegree(int[][] lists) {
    int m = 0;
    for (int[] l : lists) m = Math.max(m, l.length);
    return m;
  }

  /** The file with its footer's CRC32C recomputed, as a writer of the patched header would have written it. */
  static byte[] withChecksum(byte[] file) {
    int footer = file.length - IndexFile.FOOTER_BYTES;
    long crc = IndexFile.crc32c(java.lang.foreign.MemorySegment.ofArray(file), footer);
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(footer + 8, crc);
    return file;
  }

  @Test
  void savingIntoAMissingFolderFailsWithoutLeavingFiles() {
    try (VamanaIndex idx = built(Metric.L2)) {
      assertThatThrownBy(() -> idx.save(dir.resolve("no/such/dir/x.vamana"))).isInstanceOf(VamanaException.class).hasMessageContaining("does not exist");
    }
  }
}
