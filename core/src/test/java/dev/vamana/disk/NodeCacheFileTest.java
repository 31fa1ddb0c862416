package dev.vamana.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.io.CheckedFileReader;
import dev.vamana.io.CheckedFileWriter;
import dev.vamana.quant.ClusteredData;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCacheFileTest {
  @TempDir Path tmp;

  private static final int N = 1500;
  private static final int DIM = 24;

  private Path index(String name, long indexId) {
    VectorStore raw = ClusteredData.generate(N, DIM, 8, 3L);
    ArrayGraphSource g = ArrayGraphSource.build(Metric.L2, raw, 12, 1.2f);
    Path dir = tmp.resolve(name);
    DiskTestSupport.write(dir, g, 8, indexId);
    return dir;
  }

  private record Run(long[][] ids, int[] reads, int[] hits) {}

  private static Run search(DiskIndex idx) {
    VectorStore queries = ClusteredData.generate(25, DIM, 8, 4L);
    Run r = new Run(new long[25][], new int[25], new int[25]);
    for (int i = 0; i < 25; i++) {
      DiskSearchResult res = idx.search(queries.get(i), 10, 40);
      r.ids[i] = res.ids();
      r.reads[i] = res.reads();
      r.hits[i] = res.cacheHits();
    }
    return r;
  }

  @Test
  void cacheLoadedFromTheSideFileEqualsTheCacheFilledByBfsReads() throws IOException {
    Path dir = index("a", 11L);
    // without the side file: every cached node read from the layout by BFS
    assertThat(NodeCacheFile.write(dir, 0)).isZero();
    assertThat(dir.resolve(DiskIndexWriter.CACHE)).doesNotExist();
    Run[] bfs = new Run[3];
    int[] sizes = {100, 300, 500};
    for (int i = 0; i < sizes.length; i++) {
      try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(sizes[i]))) {
        assertThat(idx.cacheFileNodes()).isEqualTo(-1);
        assertThat(idx.cachedNodesFromFile()).isZero();
        assertThat(idx.cachedNodes()).isEqualTo(sizes[i]);
        bfs[i] = search(idx);
      }
    }
    assertThat(NodeCacheFile.write(dir, 300)).isEqualTo(300);
    int[] fromFile = {100, 300, 300};
    for (int i = 0; i < sizes.length; i++) {
      try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(sizes[i]))) {
        assertThat(idx.cacheFileNodes()).isEqualTo(300);
        assertThat(idx.cachedNodes()).isEqualTo(sizes[i]);
        assertThat(idx.cachedNodesFromFile()).as("M=%d", sizes[i]).isEqualTo(fromFile[i]);
        Run r = search(idx);
        for (int q = 0; q < r.ids.length; q++) {
          assertThat(r.ids[q]).as("M=%d query %d", sizes[i], q).containsExactly(bfs[i].ids[q]);
          assertThat(r.reads[q]).isEqualTo(bfs[i].reads[q]);
          assertThat(r.hits[q]).isEqualTo(bfs[i].hits[q]).isPositive();
        }
      }
    }
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults())) {
      assertThat(idx.cachedNodes()).isZero();
      assertThat(idx.cacheFileNodes()).isEqualTo(300);
    }
  }

  @Test
  void aCountAboveTheNodeCountIsCappedAndRebuildingRemovesTheStaleFile() {
    Path dir = index("cap", 12L);
    assertThat(NodeCacheFile.write(dir, 10 * N)).isEqualTo(N);
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(N + 7))) {
      assertThat(idx.cachedNodes()).isEqualTo(N);
      assertThat(idx.cachedNodesFromFile()).isEqualTo(N);
    }
    // a new index written into the same directory must not sit beside the old index's side file
    VectorStore raw = ClusteredData.generate(N, DIM, 8, 5L);
    DiskTestSupport.write(dir, ArrayGraphSource.build(Metric.L2, raw, 12, 1.2f), 8, 13L);
    assertThat(dir.resolve(DiskIndexWriter.CACHE)).doesNotExist();
    try (DiskIndex idx = DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(50))) {
      assertThat(idx.cachedNodes()).isEqualTo(50);
      assertThat(idx.cacheFileNodes()).isEqualTo(-1);
    }
  }

  @Test
  void aSideFileWithAValidChecksumButAnotherBfsOrderIsRejected() throws IOException {
    Path dir = index("forged", 14L);
    NodeCacheFile.write(dir, 40);
    Path f = dir.resolve(DiskIndexWriter.CACHE);
    // rewrite it with nodes 1 and 2 of the order swapped (records too) and a correct checksum
    try (Arena arena = Arena.ofConfined()) {
      CheckedFileReader r = CheckedFileReader.open(f, arena);
      MemorySegment p = r.payload();
      int rb = p.get(DiskLayout.INT, 20);
      int c = p.get(DiskLayout.INT, 24);
      MemorySegment copy = arena.allocate(p.byteSize());
      MemorySegment.copy(p, 0, copy, 0, p.byteSize());
      swap(copy, 28 + 4, 28 + 8, 4);
      long recs = 28 + 4L * c;
      swap(copy, recs + rb, recs + 2L * rb, rb);
      try (CheckedFileWriter w = new CheckedFileWriter(f)) {
        w.writeSegment(copy, 0, copy.byteSize());
        w.commit();
      }
    }
    assertThatThrownBy(() -> DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(10)))
        .isInstanceOf(VamanaException.class).hasMessageContaining(DiskIndexWriter.CACHE).hasMessageContaining("does not match the graph");
  }

  private static void swap(MemorySegment s, long a, long b, int len) {
    byte[] x = s.asSlice(a, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    MemorySegment.copy(s, b, s, a, len);
    MemorySegment.copy(MemorySegment.ofArray(x), 0, s, b, len);
  }
}
