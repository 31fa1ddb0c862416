package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the side-by-side benchmark: for each requested engine, in order, builds it on the base set,
 * runs one unrecorded warm-up sweep over all queries and search parameters, then a measured sweep,
 * single-threaded, one query at a time, and closes it before the next engine is built (so engines
 * never compete for memory or caches). Each query is timed alone with {@link System#nanoTime()};
 * recall is computed after the timed loop, against the ground truth given.
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
   */
  public record Config(List<String> engines, Metric metric, int k, int buildThreads, int[] params,
      int warmupPasses) {
    public Config {
      engines = List.copyOf(engines);
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
  }

  /**
   * What one engine's run produced.
   *
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
  }

  private final Config config;
  private final Function<String, Engine> factory;

  public SideBySideBench(Config config) {
    this(config, Engines::create);
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
        results.add(runOne(engine, base, qs, groundTruth, listener));
      }
      System.gc();
    }
    return results;
  }

  private EngineResult runOne(Engine engine, VectorStore base, float[][] qs, int[][] gt,
      Listener listener) {
    listener.buildStarted(engine, base.size());
    long t0 = System.nanoTime();
    engine.build(base, config.metric(), config.buildThreads(),
        (done, total) -> listener.buildProgress(engine, done, total));
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    long bytes = engine.indexBytes();
    listener.buildFinished(engine, buildSeconds, bytes);

    listener.searchStarted(engine);
    int k = config.k();
    int[] params = config.params();
    int[][] ids = new int[qs.length][];
    long[] nanos = new long[qs.length];
    for (int pass = 0; pass < config.warmupPasses(); pass++) {
      for (int p : params) {
        sweepPoint(engine, qs, k, p, ids, nanos);
      }
    }
    List<ResultRow> rows = new ArrayList<>();
    double[] distances = new double[params.length];
    for (int pi = 0; pi < params.length; pi++) {
      int p = params[pi];
      long before = engine.distanceComputations();
      sweepPoint(engine, qs, k, p, ids, nanos);
      long after = engine.distanceComputations();
      distances[pi] = before < 0 ? Double.NaN : (double) (after - before) / qs.length;
      double recall = 0;
      for (int q = 0; q < qs.length; q++) {
        recall += Recall.atK(ids[q], gt[q], k);
      }
      recall /= qs.length;
      ResultRow row = ResultRow.of(engine.name(), Integer.toString(p), recall,
          LatencyStats.of(nanos), buildSeconds, bytes);
      rows.add(row);
      listener.row(row);
    }
    return new EngineResult(engine.name(), engine.settings(), engine.paramName(), buildSeconds,
        bytes, rows, distances);
  }

  /** Searches every query once at {@code param}, one at a time, timing each. */
  private static void sweepPoint(Engine engine, float[][] qs, int k, int param, int[][] ids,
      long[] nanos) {
    for (int q = 0; q < qs.length; q++) {
      long s = System.nanoTime();
      ids[q] = engine.search(qs[q], k, param);
      nanos[q] = System.nanoTime() - s;
    }
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
