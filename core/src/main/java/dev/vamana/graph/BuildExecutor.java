package dev.vamana.graph;

import dev.vamana.VamanaException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code n} build steps on {@code threads} threads that it starts and joins itself (no shared
 * static pool), each with its own {@link SearchScratch}. Work is handed out in small batches from
 * an atomic counter, so with one thread the steps run in index order (deterministic builds).
 */
final class BuildExecutor {
  private static final int BATCH = 16;

  interface Step {
    void run(int i, SearchScratch s);
  }

  private BuildExecutor() {}

  static void forEach(int threads, int n, Step step, ScratchPool pool, ProgressListener progress) {
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      SearchScratch s = pool.acquire();
      try {
        int start;
        while (failure.get() == null && (start = next.getAndAdd(BATCH)) < n) {
          int end = Math.min(n, start + BATCH);
          for (int i = start; i < end; i++) {
            step.run(i, s);
          }
          long d = done.addAndGet(end - start);
          progress.update(d, n);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        pool.release(s);
      }
    };
    int t = Math.max(1, Math.min(threads, (n + BATCH - 1) / BATCH));
    Thread[] ts = new Thread[t - 1];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = Thread.ofPlatform().name("vamana-build-" + i).daemon(true).start(worker);
    }
    worker.run();
    for (Thread th : ts) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, e);
      }
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new VamanaException("build interrupted", f);
    }
  }
}
