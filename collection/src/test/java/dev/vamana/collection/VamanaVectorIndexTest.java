package dev.vamana.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The collection's light graph (R=32, build L=32, SQ8 walks in searches and inserts) still finds the exact
 * neighbours: incremental and bulk adds of clustered 384-d unit vectors (the shape of sentence embeddings),
 * searched with the default list; and the bulk load's buffer behaves like the graph.
 */
class VamanaVectorIndexTest {
  private static final int DIM = 384;

  @Test
  void incrementalAddsKeepRecallAtTenAboveNinetyFivePercent() {
    assertThat(recallAtTen(false)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void bulkLoadedGraphKeepsRecallAtTenAboveNinetyFivePercent() {
    assertThat(recallAtTen(true)).isGreaterThanOrEqualTo(0.95);
  }

  private static double recallAtTen(boolean bulk) {
    Random rnd = new Random(7);
    float[][] centres = new float[40][];
    for (int c = 0; c < centres.length; c++) centres[c] = gaussian(rnd, 1f);
    List<float[]> data = new ArrayList<>();
    for (int i = 0; i < 6000; i++) data.add(unit(around(centres[rnd.nextInt(centres.length)], rnd, 0.6f)));
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 100; i++) queries.add(unit(around(centres[rnd.nextInt(centres.length)], rnd, 0.6f)));

    try (VectorIndex index = VamanaVectorIndex.factory().create(DIM)) {
      index.bulkLoad(bulk); // bulk: buffered, then linked in one parallel pass (SQ8 trained first) when it ends
      for (int i = 0; i < data.size(); i++) index.add(1000L + i, data.get(i));
      index.bulkLoad(false);
      int hits = 0;
      for (float[] q : queries) {
        Set<Long> exact = exactTop10(data, q);
        for (long id : index.search(q, 10, null).ids()) if (exact.contains(id)) hits++;
      }
      return hits / (10.0 * queries.size());
    }
  }

  @Test
  void bulkLoadFindsBufferedVectorsExactlyAndLinksThemWhenItEnds() {
    Random rnd = new Random(3);
    List<float[]> data = new ArrayList<>();
    for (int i = 0; i < 3000; i++) data.add(unit(gaussian(rnd, 1f)));
    try (VectorIndex index = VamanaVectorIndex.factory().create(DIM)) {
      for (int i = 0; i < 1000; i++) index.add(1000L + i, data.get(i)); // in the graph
      index.bulkLoad(true);
      for (int i = 1000; i < 3000; i++) index.add(1000L + i, data.get(i)); // buffered
      assertThat(index.size()).isEqualTo(3000);
      assertThat(index.contains(2500L)).isTrue();
      assertThat(index.vector(2500L)).containsExactly(data.get(1500));

      // a buffered vector is its own nearest neighbour, at distance 0
      VectorIndex.Hits h = index.search(data.get(2200), 5, null);
      assertThat(h.ids()[0]).isEqualTo(3200L);
      assertThat(h.distances()[0]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-5f));
      // so is a graph vector; results are sorted and each id comes once
      h = index.search(data.get(10), 10, null);
      assertThat(h.ids()[0]).isEqualTo(1010L);
      assertThat(h.ids()).doesNotHaveDuplicates();
      for (int i = 1; i < h.distances().length; i++) assertThat(h.distances()[i]).isGreaterThanOrEqualTo(h.distances()[i - 1]);

      // deletes and replacements of buffered vectors
      assertThat(index.delete(3200L)).isTrue();
      assertThat(index.delete(3200L)).isFalse();
      assertThat(index.contains(3200L)).isFalse();
      assertThat(index.search(data.get(2200), 10, null).ids()).doesNotContain(3200L);
      index.add(3201L, data.get(0)); // replaces the buffered vector of id 3201
      assertThat(index.vector(3201L)).containsExactly(data.get(0));
      assertThat(index.size()).isEqualTo(2999);
      // filters apply to buffered vectors too
      long[] odd = index.search(data.get(2300), 10, id -> id % 2 == 1).ids();
      assertThat(odd).hasSize(10).doesNotContain(3300L);
      assertThat(java.util.Arrays.stream(odd).allMatch(id -> id % 2 == 1)).isTrue();

      index.bulkLoad(false);
      assertThat(index.size()).isEqualTo(2999);
      assertThat(index.contains(3200L)).isFalse();
      assertThat(index.search(data.get(2250), 1, null).ids()).containsExactly(3250L);
      assertThat(index.search(data.get(0), 2, null).ids()).containsExactlyInAnyOrder(1000L, 3201L);
    }
  }

  @Test
  void bulkLoadRefusesBadVectorsAndQueriesBeforeBufferingThem() {
    Random rnd = new Random(11);
    float[] good = unit(gaussian(rnd, 1f));
    try (VectorIndex index = VamanaVectorIndex.factory().create(DIM)) {
      index.bulkLoad(true);
      index.add(1, good);
      float[] nan = good.clone();
      nan[3] = Float.NaN;
      assertThatThrownBy(() -> index.add(2, nan)).isInstanceOf(dev.vamana.VamanaException.class).hasMessageContaining("non-finite");
      assertThatThrownBy(() -> index.add(3, new float[DIM - 1])).isInstanceOf(dev.vamana.VamanaException.class).hasMessageContaining("dimension");
      assertThatThrownBy(() -> index.add(4, new float[DIM])).isInstanceOf(dev.vamana.VamanaException.class).hasMessageContaining("zero vector");
      assertThatThrownBy(() -> index.search(new float[3], 5, null)).isInstanceOf(dev.vamana.VamanaException.class).hasMessageContaining("dimension");
      assertThatThrownBy(() -> index.search(good, 0, null)).isInstanceOf(dev.vamana.VamanaException.class).hasMessageContaining("k must be");
      assertThat(index.size()).isEqualTo(1);
      index.bulkLoad(false); // nothing bad was buffered, so linking succeeds
      assertThat(index.search(good, 1, null).ids()).containsExactly(1L);
    }
  }

  @Test
  void saveDuringABulkLoadWritesTheBufferedVectors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Random rnd = new Random(5);
    List<float[]> data = new ArrayList<>();
    for (int i = 0; i < 500; i++) data.add(unit(gaussian(rnd, 1f)));
    VectorIndex.Factory f = VamanaVectorIndex.factory();
    try (VectorIndex index = f.create(DIM)) {
      index.bulkLoad(true);
      for (int i = 0; i < data.size(); i++) index.add(i, data.get(i));
      index.save(dir.resolve("v.vmi"));
    }
    try (VectorIndex back = f.open(dir.resolve("v.vmi"))) {
      assertThat(back.size()).isEqualTo(500);
      assertThat(back.search(data.get(123), 1, null).ids()).containsExactly(123L);
    }
  }

  @Test
  void searchesDuringABulkLoadAndItsFlushSeeEveryVectorOnce() throws Exception {
    Random rnd = new Random(9);
    List<float[]> data = new ArrayList<>();
    for (int i = 0; i < 4000; i++) data.add(unit(gaussian(rnd, 1f)));
    try (VectorIndex index = VamanaVectorIndex.factory().create(DIM)) {
      index.bulkLoad(true);
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicInteger bad = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger searches = new java.util.concurrent.atomic.AtomicInteger();
      Thread reader = new Thread(() -> {
        Random r = new Random(1);
        while (!done.get()) {
          int i = r.nextInt(1000); // the first 1000 are added before the reader starts
          VectorIndex.Hits h = index.search(data.get(i), 10, null);
          if (h.ids().length == 0 || h.ids()[0] != i || java.util.Arrays.stream(h.ids()).distinct().count() != h.ids().length) {
            bad.incrementAndGet();
          }
          searches.incrementAndGet();
        }
      });
      for (int i = 0; i < 1000; i++) index.add(i, data.get(i));
      reader.start();
      for (int i = 1000; i < 4000; i++) index.add(i, data.get(i));
      index.bulkLoad(false); // links 4000 buffered vectors while the reader searches
      done.set(true);
      reader.join();
      assertThat(searches.get()).isPositive();
      assertThat(bad.get()).isZero();
    }
  }

  @Test
  void sizeNeverCountsAVectorTwiceWhileTheBufferIsLinked() throws Exception {
    Random rnd = new Random(11);
    int n = 6000;
    try (VectorIndex index = VamanaVectorIndex.factory().create(DIM)) {
      for (int i = 0; i < 500; i++) index.add(i, unit(gaussian(rnd, 1f))); // some in the graph already
      index.bulkLoad(true);
      for (int i = 500; i < n; i++) index.add(i, unit(gaussian(rnd, 1f)));
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicInteger max = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger min = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
      java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
      Thread reader = new Thread(() -> { // as the collection's counts do: size() without any lock
        while (!done.get()) {
          int s = index.size();
          max.accumulateAndGet(s, Math::max);
          min.accumulateAndGet(s, Math::min);
          reads.incrementAndGet();
        }
      });
      reader.start();
      for (int round = 0; round < 3; round++) {
        index.bulkLoad(false); // links the buffer while the reader counts
        index.bulkLoad(true);
        for (int i = 0; i < 300; i++) index.delete(n - 1 - round * 300 - i); // deletes in the graph, then
        for (int i = 0; i < 300; i++) index.add(n - 1 - round * 300 - i, unit(gaussian(rnd, 1f))); // re-adds to the buffer
      }
      index.bulkLoad(false);
      done.set(true);
      reader.join();
      assertThat(reads.get()).isPositive();
      assertThat(max.get()).as("never more than the vectors held").isLessThanOrEqualTo(n);
      assertThat(min.get()).as("never less than the vectors held, less the 300 of one delete round").isGreaterThanOrEqualTo(n - 300);
      assertThat(index.size()).isEqualTo(n);
    }
  }

  private static Set<Long> exactTop10(List<float[]> data, float[] q) {
    long[] ids = new long[data.size()];
    double[] sims = new double[data.size()];
    for (int i = 0; i < data.size(); i++) {
      double s = 0;
      float[] v = data.get(i);
      for (int d = 0; d < DIM; d++) s += (double) v[d] * q[d];
      sims[i] = s;
      ids[i] = 1000L + i;
    }
    Set<Long> top = new HashSet<>();
    boolean[] taken = new boolean[data.size()];
    for (int k = 0; k < 10; k++) {
      int best = -1;
      for (int i = 0; i < sims.length; i++) if (!taken[i] && (best < 0 || sims[i] > sims[best])) best = i;
      taken[best] = true;
      top.add(ids[best]);
    }
    return top;
  }

  private static float[] gaussian(Random rnd, float sigma) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) v[d] = (float) (rnd.nextGaussian() * sigma);
    return v;
  }

  private static float[] around(float[] centre, Random rnd, float sigma) {
    float[] v = gaussian(rnd, sigma);
    for (int d = 0; d < DIM; d++) v[d] += centre[d];
    return v;
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) n += (double) x * x;
    float inv = (float) (1 / Math.sqrt(n));
    for (int d = 0; d < DIM; d++) v[d] *= inv;
    return v;
  }
}
