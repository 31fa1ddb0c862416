package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the side-by-side benchmark: for each requested engine, in order, builds it on the base set,
 * then for each search-thread count runs the unrecorded warm-up sweeps over all queries and search
 * parameters and a measured sweep, and closes the engine before the next is built (so engines never
 * compete for memory or caches). With one search thread the queries run one at a time; with T
 * threads, T workers take the next query from a shared counter, and QPS is queries over the wall
 * time of the sweep point. Each query is timed alone with {@link System#nanoTime()}; recall is
 * computed after the timed loop, against the ground truth given. Results for T other than 1 are
 * labelled {@code engine@tT}; engines whose {@link Engine#concurrentSearch()} is false are measured
 * with one thread only.
 *
 * <p>Not thread-safe: one {@link #run} at a time. The runner owns the engines it creates; the base,
 * query and ground-truth data stay owned by the caller.
 */
public final class SideBySideBench {

  /**
   * What to run.
   *
   * @param engines engine names (see {@link Engines#NAMES})
   * @param metric distance metric
   * @param k neighbours per query
   * @param buildThreads threads each engine builds with
   * @param params search-list values to sweep, or {@code null} for {@link SearchParams#defaults}
   * @param warmupPasses unrecorded sweeps before the measured one
   * @param searchThreads the search-thread counts to measure each engine with, e.g. {@code {1, 2}}
   * @param pqBytes PQ code size for the engines with PQ codes in RAM, or 0 for their default (see
   *     {@link Engines#create(String, int)})
   */
  public record Config(List<String> engines, Metric metric, int k, int buildThreads, int[] params,
      int warmupPasses, int[] searchThreads, int pqBytes) {

    /** Single-threaded search, default PQ size. */
    public Config(List<String> engines, Metric metric, int k, int buildThreads, int[] params,
        int warmupPasses) {
      this(engines, metric, k, buildThreads, params, warmupPasses, new int[] {1}, 0);
    }

    public Config {
      engines = List.copyOf(engines);
      if (searchThreads == null || searchThreads.length == 0) {
        throw new VamanaException("--search-threads is empty (expected e.g. 1,2)");
      }
      for (int t : searchThreads) {
        if (t <= 0) {
          throw new VamanaException("--search-threads values must be positive, got " + t);
        }
      }
      searchThreads = searchThreads.clone();
      if (pqBytes < 0) {
        throw new VamanaException("--pq-bytes must not be negative, got " + pqBytes);
      }
      if (k <= 0) {
        throw new VamanaException("k must be positive, got " + k);
      }
      if (buildThreads <= 0) {
        throw new VamanaException("--threads must be positive, got " + buildThreads);
      }
      if (warmupPasses < 0) {
        throw new VamanaException("warm-up passes must not be negative, got " + warmupPasses);
      }
      params = params == null ? SearchParams.defaults(k) : params.clone();
    }

    @Override
    public int[] params() {
      return params.clone();
    }

    @Override
    public int[] searchThreads() {
      return searchThreads.clone();
    }
  }

  /**
   * What one engine's run produced.
   *
   * @param engine the engine name, with {@code @tT} appended when searched with T > 1 threads
   * @param distancesPerQuery per row, the mean distance computations per query as the engine
   *     counts them, or {@code NaN} when it does not
   */
  public record EngineResult(String engine, String settings, String paramName, double buildSeconds,
      long indexBytes, List<ResultRow> rows, double[] distancesPerQuery) {}

  /** Receives events as the run proceeds; every method has an empty default. Called on the running thread (build progress may come from build threads). */
  public interface Listener {
    default void buildStarted(Engine engine, int n) {}

    default void buildProgress(Engine engine, long done, long total) {}

    default void buildFinished(Engine engine, double seconds, long indexBytes) {}

    default void searchStarted(Engine engine) {}

    default void row(ResultRow row) {}

    /** {@code engine} cannot search concurrently, so it is not measured with {@code threads}. */
    default void searchThreadsSkipped(Engine engine, int threads) {}
  }

  private final Config config;
  private final Function<String, Engine> factory;

  public SideBySideBench(Config config) {
    this(config, name -> Engines.create(name, config.pqBytes()));
  }

  /** With an engine factory other than {@link Engines#create} (tests). */
  SideBySideBench(Config config, Function<String, Engine> factory) {
    this.config = config;
    this.factory = factory;
  }

  /**
   * Builds and measures every engine.
   *
   * @param groundTruth per query, the ids of its exact nearest neighbours (at least {@code k})
   */
  public List<EngineResult> run(VectorStore base, VectorStore queries, int[][] groundTruth,
      Listener listener) {
    check(base, queries, groundTruth);
    float[][] qs = new float[queries.size()][];
    for (int i = 0; i < qs.length; i++) {
      qs[i] = queries.get(i);
    }
    List<EngineResult> results = new ArrayList<>();
    for (String name : config.engines()) {
      try (Engine engine = factory.apply(name)) {
        results.addAll(runOne(engine, base, qs, groundTruth, listener));
      }
      System.gc();
    }
    return results;
  }

  private List<EngineResult> runOne(Engine engine, VectorStore base, float[][] qs, int[][] gt,
      Listener listener) {
    listener.buildStarted(engine, base.size());
    long t0 = System.nanoTime();
    engine.build(base, config.metric(), config.buildThreads(),
        (done, total) -> listener.buildProgress(engine, done, total));
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    long bytes = engine.indexBytes();
    listener.buildFinished(engine, buildSeconds, bytes);

    List<EngineResult> results = new ArrayList<>();
    for (int threads : config.searchThreads()) {
      if (threads > 1 && !engine.concurrentSearch()) {
        listener.searchThreadsSkipped(engine, threads);
        continue;
      }
      results.add(sweep(engine, qs, gt, threads, buildSeconds, bytes, listener));
    }
    return results;
  }

  private EngineResult sweep(Engine engine, float[][] qs, int[][] gt, int threads,
      double buildSeconds, long bytes, Listener listener) {
    String label = threads == 1 ? engine.name() : engine.name() + "@t" + threads;
    listener.searchStarted(engine);
    int k = config.k();
    int[] params = config.params();
    int[][] ids = new int[qs.length][];
    long[] nanos = new long[qs.length];
    ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads);
    try {
      for (int pass = 0; pass < config.warmupPasses(); pass++) {
        for (int p : params) {
          sweepPoint(engine, qs, k, p, ids, nanos, pool, threads);
        }
      }
      List<ResultRow> rows = new ArrayList<>();
      double[] distances = new double[params.length];
      for (int pi = 0; pi < params.length; pi++) {
        int p = params[pi];
        long before = engine.distanceComputations();
        long readsBefore = engine.diskReads();
        long wall = sweepPoint(engine, qs, k, p, ids, nanos, pool, threads);
        long after = engine.distanceComputations();
        long readsAfter = engine.diskReads();
        distances[pi] = before < 0 ? Double.NaN : (double) (after - before) / qs.length;
        double reads = readsBefore < 0 ? Double.NaN : (double) (readsAfter - readsBefore) / qs.length;
        double recall = 0;
        for (int q = 0; q < qs.length; q++) {
          recall += Recall.atK(ids[q], gt[q], k);
        }
        recall /= qs.length;
        ResultRow row = ResultRow.of(label, Integer.toString(p), recall,
            LatencyStats.of(nanos, wall), buildSeconds, bytes, reads, engine.ramBytes());
        rows.add(row);
        listener.row(row);
      }
      return new EngineResult(label, engine.settings(), engine.paramName(), buildSeconds, bytes,
          rows, distances);
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
  }

  /**
   * Searches every query once at {@code param}, timing each: one at a time when {@code pool} is
   * null, else on {@code threads} workers of {@code pool} taking queries from a shared counter.
   * Returns the wall time in nanoseconds (the sum of the query times when single-threaded).
   */
  private static long sweepPoint(Engine engine, float[][] qs, int k, int param, int[][] ids,
      long[] nanos, ExecutorService pool, int threads) {
    if (pool == null) {
      long sum = 0;
      for (int q = 0; q < qs.length; q++) {
        long s = System.nanoTime();
        ids[q] = engine.search(qs[q], k, param);
        nanos[q] = System.nanoTime() - s;
        sum += nanos[q];
      }
      return Math.max(1, sum);
    }
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> parts = new ArrayList<>(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      parts.add(pool.submit(() -> {
        for (int q = next.getAndIncrement(); q < qs.length; q = next.getAndIncrement()) {
          long s = System.nanoTime();
          ids[q] = engine.search(qs[q], k, param);
          nanos[q] = System.nanoTime() - s;
        }
      }));
    }
    try {
      for (Future<?> f : parts) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
    return Math.max(1, System.nanoTime() - start);
  }

  private void check(VectorStore base, VectorStore queries, int[][] gt) {
    if (base.size() == 0) {
      throw new VamanaException("base set is empty");
    }
    if (queries.size() == 0) {
      throw new VamanaException("query set is empty");
    }
    if (queries.dimension() != base.dimension()) {
      throw new VamanaException("queries have dimension " + queries.dimension()
          + " but the base vectors have " + base.dimension());
    }
    if (config.k() > base.size()) {
      throw new VamanaException("k=" + config.k() + " is larger than the base set (" + base.size()
          + " vectors)");
    }
    if (gt == null || gt.length < queries.size()) {
      throw new VamanaException("ground truth has " + (gt == null ? 0 : gt.length)
          + " rows, expected one per query (" + queries.size() + ")");
    }
    for (int q = 0; q < queries.size(); q++) {
      if (gt[q].length < config.k()) {
        throw new VamanaException("ground truth row " + q + " holds " + gt[q].length
            + " ids, fewer than k=" + config.k());
      }
    }
  }
}
