package dev.vamana.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.quant.ClusteredData;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiskIndexTest {
  @TempDir Path tmp;

  private static final int N = 2000;
  private static final int DIM = 32;

  @Test
  void layoutRoundTripsEveryVectorAndNeighbourList() {
    VectorStore raw = ClusteredData.generate(N, DIM, 10, 11L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 16, 1.2f);
    Path dir = tmp.resolve("idx");
    DiskLayout layout = DiskTestSupport.write(dir, g, 8, 77L);
    assertThat(layout.nodesPerBlock()).isEqualTo(4096 / (4 * DIM + 4 + 4 * 16));
    assertRoundTrip(dir, g, IoMode.DIRECT);
    assertRoundTrip(dir, g, IoMode.MMAP);
  }

  @Test
  void nodesLargerThanASectorSpanWholeSectors() {
    int dim = 1536;
    VectorStore raw = ClusteredData.generate(150, dim, 3, 12L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.COSINE, raw, 24, 1.2f);
    Path dir = tmp.resolve("big");
    DiskLayout layout = DiskTestSupport.write(dir, g, 48, 78L);
    assertThat(layout.recordBytes()).isEqualTo(4 * dim + 4 + 4 * 24);
    assertThat(layout.sectorsPerBlock()).isEqualTo(2);
    assertThat(layout.nodesPerBlock()).isEqualTo(1);
    assertRoundTrip(dir, g, IoMode.DIRECT);
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults())) {
      DiskSearchResult r = idx.search(raw.get(42), 3, 40);
      assertThat(r.ids()[0]).isEqualTo(g.externalId(42));
    }
  }

  private static void assertRoundTrip(Path dir, ArrayGraphSource g, IoMode mode) {
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withIo(mode))) {
      assertThat(idx.size()).isEqualTo(g.nodeCount());
      assertThat(idx.layout().medoid()).isEqualTo(g.entryPoint());
      float[] v = new float[g.dimension()], expected = new float[g.dimension()];
      int[] nb = new int[g.maxDegree()], expectedNb = new int[g.maxDegree()];
      for (int i = 0; i < g.nodeCount(); i++) {
        int deg = idx.readNode(i, v, nb);
        g.vector(i, expected);
        int edeg = g.neighbors(i, expectedNb);
        assertThat(v).as("vector of node %d", i).containsExactly(expected);
        assertThat(deg).isEqualTo(edeg);
        assertThat(java.util.Arrays.copyOf(nb, deg)).containsExactly(java.util.Arrays.copyOf(expectedNb, edeg));
        assertThat(idx.externalId(i)).isEqualTo(g.externalId(i));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void beamSearchReachesHighRecallAtLargeL(Metric metric) {
    VectorStore all = ClusteredData.generate(N + 40, DIM, 10, 21L);
    VectorStore raw = ClusteredData.slice(all, 0, N);
    VectorStore queries = ClusteredData.slice(all, N, N + 40);
    ArrayGraphSource g = ArrayGraphSource.build(metric, raw, 24, 1.2f);
    Path dir = tmp.resolve("r-" + metric);
    DiskTestSupport.write(dir, g, 16, 5L);
    for (IoMode mode : IoMode.values()) {
      try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withIo(mode).withCacheNodes(100))) {
        double recall = 0;
        for (int qi = 0; qi < queries.size(); qi++) {
          float[] q = queries.get(qi);
          DiskSearchResult r = idx.search(q, 10, 100);
          recall += DiskTestSupport.recall(r.ids(), DiskTestSupport.exactTopK(metric, raw, q, 10), g) / queries.size();
          assertThat(r.hops()).isPositive();
          assertThat(r.cacheHits()).isPositive();
        }
        assertThat(recall).as("recall@10 %s %s", metric, mode).isGreaterThanOrEqualTo(0.95);
      }
    }
  }

  @Test
  void concurrentReadModesGiveTheSameResultsAsSerial() {
    VectorStore raw = ClusteredData.generate(N, DIM, 10, 31L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 16, 1.2f);
    Path dir = tmp.resolve("c");
    DiskTestSupport.write(dir, g, 8, 6L);
    VectorStore queries = ClusteredData.generate(20, DIM, 10, 32L);
    long[][] serial = new long[queries.size()][];
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withConcurrency(ReadConcurrency.SERIAL))) {
      for (int i = 0; i < queries.size(); i++) {
        serial[i] = idx.search(queries.get(i), 10, 50).ids();
      }
    }
    for (ReadConcurrency c : new ReadConcurrency[] {ReadConcurrency.POOL, ReadConcurrency.VIRTUAL}) {
      try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withConcurrency(c))) {
        for (int i = 0; i < queries.size(); i++) {
          DiskSearchResult r = idx.search(queries.get(i), 10, 50);
          assertThat(r.ids()).containsExactly(serial[i]);
          assertThat(r.reads()).isGreaterThan(0);
          assertThat(r.bytesRead()).isEqualTo((long) r.reads() * 4096);
        }
      }
    }
  }

  @Test
  void concurrentSearchesFromManyThreadsAreConsistent() throws Exception {
    VectorStore raw = ClusteredData.generate(N, DIM, 10, 41L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 16, 1.2f);
    Path dir = tmp.resolve("mt");
    DiskTestSupport.write(dir, g, 8, 7L);
    VectorStore queries = ClusteredData.generate(30, DIM, 10, 42L);
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(50))) {
      long[][] expected = new long[queries.size()][];
      for (int i = 0; i < queries.size(); i++) {
        expected[i] = idx.search(queries.get(i), 10, 40).ids();
      }
      try (var exec = java.util.concurrent.Executors.newFixedThreadPool(4)) {
        var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
        for (int t = 0; t < 4; t++) {
          futures.add(exec.submit(() -> {
            for (int rep = 0; rep < 3; rep++) {
              for (int i = 0; i < queries.size(); i++) {
                if (!java.util.Arrays.equals(idx.search(queries.get(i), 10, 40).ids(), expected[i])) {
                  return false;
                }
              }
            }
            return true;
          }));
        }
        for (var f : futures) {
          assertThat(f.get()).isTrue();
        }
      }
      assertThat(idx.ramBytes()).isGreaterThan(idx.size() * 8L);
    }
  }

  @Test
  void flippedByteInAnyFileIsDetectedOnOpen() throws IOException {
    VectorStore raw = ClusteredData.generate(500, DIM, 5, 51L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 12, 1.2f);
    Path dir = tmp.resolve("flip");
    DiskTestSupport.write(dir, g, 8, 8L);
    NodeCacheFile.write(dir, 60);
    for (String name : new String[] {DiskIndexWriter.LAYOUT, DiskIndexWriter.PQ, DiskIndexWriter.IDS, DiskIndexWriter.CACHE}) {
      Path f = dir.resolve(name);
      long size = Files.size(f);
      for (long pos : new long[] {8, 30, size / 2, size - 3}) {
        flip(f, pos);
        assertThatThrownBy(() -> DiskIndex.open(dir, DiskIndex.Options.defaults()))
            .as("flip at %d of %s", pos, name).isInstanceOf(VamanaException.class).hasMessageContaining(name);
        flip(f, pos);
      }
    }
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(60))) {
      assertThat(idx.size()).isEqualTo(500);
      assertThat(idx.cachedNodesFromFile()).isEqualTo(60);
    }
  }

  @Test
  void truncatedOrForeignLayoutFileIsRejected() throws IOException {
    VectorStore raw = ClusteredData.generate(500, DIM, 5, 61L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 12, 1.2f);
    Path dir = tmp.resolve("trunc");
    DiskTestSupport.write(dir, g, 8, 9L);
    Path layout = dir.resolve(DiskIndexWriter.LAYOUT);
    Path backup = tmp.resolve("layout.bak");
    Files.copy(layout, backup);
    try (FileChannel ch = FileChannel.open(layout, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 4096);
    }
    assertThatThrownBy(() -> DiskIndex.open(dir, DiskIndex.Options.defaults())).isInstanceOf(VamanaException.class)
        .hasMessageContaining("truncated");
    Files.copy(dir.resolve(DiskIndexWriter.PQ), layout, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> DiskIndex.open(dir, DiskIndex.Options.defaults())).isInstanceOf(VamanaException.class)
        .hasMessageContaining("not a Vamana SSD layout");
    byte[] junk = new byte[100];
    new SplittableRandom(1).nextBytes(junk);
    Files.write(layout, junk);
    assertThatThrownBy(() -> DiskIndex.open(dir, DiskIndex.Options.defaults())).isInstanceOf(VamanaException.class)
        .hasMessageContaining(DiskIndexWriter.LAYOUT);
    Files.delete(layout);
    assertThatThrownBy(() -> DiskIndex.open(dir, DiskIndex.Options.defaults())).isInstanceOf(VamanaException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void sideFileFromAnotherIndexIsRejected() throws IOException {
    VectorStore raw = ClusteredData.generate(500, DIM, 5, 71L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 12, 1.2f);
    Path a = tmp.resolve("a"), b = tmp.resolve("b");
    DiskTestSupport.write(a, g, 8, 100L);
    DiskTestSupport.write(b, g, 8, 200L);
    Files.copy(b.resolve(DiskIndexWriter.IDS), a.resolve(DiskIndexWriter.IDS), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> DiskIndex.open(a, DiskIndex.Options.defaults())).isInstanceOf(VamanaException.class)
        .hasMessageContaining("another index").hasMessageContaining(DiskIndexWriter.IDS);
    Files.copy(b.resolve(DiskIndexWriter.IDS), b.resolve("ids.bak"));
    Files.copy(b.resolve(DiskIndexWriter.PQ), a.resolve(DiskIndexWriter.PQ), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> DiskIndex.open(a, DiskIndex.Options.defaults())).isInstanceOf(VamanaException.class)
        .hasMessageContaining("another index").hasMessageContaining(DiskIndexWriter.PQ);
    Path c = tmp.resolve("c");
    DiskTestSupport.write(c, g, 8, 300L);
    NodeCacheFile.write(b, 20);
    Files.copy(b.resolve(DiskIndexWriter.CACHE), c.resolve(DiskIndexWriter.CACHE));
    assertThatThrownBy(() -> DiskIndex.open(c, DiskIndex.Options.defaults().withCacheNodes(10))).isInstanceOf(VamanaException.class)
        .hasMessageContaining("another index").hasMessageContaining(DiskIndexWriter.CACHE);
  }

  @Test
  void failedWriteLeavesNoFilesBehind() throws IOException {
    VectorStore raw = ClusteredData.generate(300, DIM, 5, 81L);
    ArrayGraphSource good = ArrayGraphSource.build(Metric.L2, raw, 12, 1.2f);
    GraphSource failing = new ArrayGraphSource(good.metric, good.vectors, good.adj, good.r, good.medoid) {
      @Override
      public int neighbors(int ord, int[] dst) {
        if (ord == 250) {
          throw new VamanaException("simulated disk full");
        }
        return super.neighbors(ord, dst);
      }
    };
    Path dir = tmp.resolve("fail");
    assertThatThrownBy(() -> DiskTestSupport.write(dir, failing, 8, 1L)).hasMessageContaining("simulated disk full");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    Path file = tmp.resolve("plainfile");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> DiskTestSupport.write(file.resolve("sub"), good, 8, 1L)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("output directory");
  }

  @Test
  void badSearchArgumentsAreRejected() {
    VectorStore raw = ClusteredData.generate(300, DIM, 5, 91L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 12, 1.2f);
    Path dir = tmp.resolve("args");
    DiskTestSupport.write(dir, g, 8, 1L);
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults())) {
      assertThatThrownBy(() -> idx.search(new float[DIM + 1], 10, 20)).isInstanceOf(VamanaException.class).hasMessageContaining("dimension");
      assertThatThrownBy(() -> idx.search(raw.get(0), 10, 5)).isInstanceOf(VamanaException.class).hasMessageContaining("L (5)");
    }
  }

  static void flip(Path f, long pos) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer bb = ByteBuffer.allocate(1);
      ch.read(bb, pos);
      bb.put(0, (byte) (bb.get(0) ^ 0x01));
      bb.rewind();
      ch.write(bb, pos);
    }
  }
}
