package dev.vamana.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.testing.TestData;
import dev.vamana.vector.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrentUpdatesStressTest {
  @Test
  void searchesDuringAddsDeletesAndConsolidationAlwaysReturnValidLiveIds() throws Exception {
    int dim = 16;
    float[][] data = TestData.clustered(8000, dim, 10, 21);
    try (VamanaIndex idx = VamanaIndex.builder().dimension(dim).metric(Metric.COSINE).maxDegree(16)
        .buildListSize(32).threads(2).build()) {
      long[] firstIds = new long[2000];
      for (int i = 0; i < firstIds.length; i++) firstIds[i] = i;
      float[][] first = java.util.Arrays.copyOf(data, 2000);
      idx.addAll(TestData.store(first), firstIds, null);
      Set<Long> deletedForGood = ConcurrentHashMap.newKeySet();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger searches = new AtomicInteger();
      CountDownLatch writersDone = new CountDownLatch(2);
      List<Thread> threads = new ArrayList<>();
      threads.add(Thread.ofPlatform().start(() -> { // adder
        try {
          for (int i = 2000; i < 8000; i++) idx.add(i, data[i]);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          writersDone.countDown();
        }
      }));
      threads.add(Thread.ofPlatform().start(() -> { // deleter + consolidator
        try {
          for (int i = 0; i < 2000; i += 2) {
            idx.delete(i);
            deletedForGood.add((long) i); // only once delete() has returned is the id guaranteed gone
            if (i % 400 == 0) idx.consolidate();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          writersDone.countDown();
        }
      }));
      for (int t = 0; t < 2; t++) {
        int seed = t;
        threads.add(Thread.ofPlatform().start(() -> {
          java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
          try {
            while (!stop.get()) {
              float[] q = data[r.nextInt(data.length)];
              // ids deleted before the search starts must not come back
              Set<Long> before = Set.copyOf(deletedForGood);
              SearchResult res = idx.search(q, 10, 30);
              for (int i = 0; i < res.size(); i++) {
                long id = res.ids()[i];
                assertThat(id).isBetween(0L, 7999L);
                assertThat(before).doesNotContain(id);
                assertThat(res.distances()[i]).isBetween(-1e-4f, 2.0001f);
                if (i > 0) assertThat(res.distances()[i]).isGreaterThanOrEqualTo(res.distances()[i - 1]);
              }
              searches.incrementAndGet();
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }));
      }
      writersDone.await();
      stop.set(true);
      for (Thread t : threads) t.join();
      if (failure.get() != null) throw new AssertionError(failure.get());
      assertThat(searches.get()).isPositive();
      assertThat(idx.size()).isEqualTo(8000 - 1000);
      idx.consolidate();
      // every surviving vector is still findable
      int found = 0, tried = 0;
      for (int i = 1; i < 8000; i += 37) {
        if (i < 2000 && i % 2 == 0) continue;
        tried++;
        if (idx.search(data[i], 1, 50).ids()[0] == i) found++;
      }
      assertThat(found).isGreaterThanOrEqualTo(tried * 95 / 100);
    }
  }
}
