package dev.vamana.bench;

import java.util.Locale;

/**
 * One measured point of a recall/QPS sweep: an engine at one value of its search-list parameter.
 * Its CSV form has the columns of {@link #HEADER}. Values that were not measured are written as
 * empty fields: a {@code NaN} recall (no ground truth), a negative {@code buildSeconds} (index loaded
 * rather than built), a negative {@code indexBytes} or {@code ramBytes}, a {@code NaN} {@code
 * readsPerQuery} (an engine that does not count disk reads). Immutable.
 *
 * @param engine engine name, e.g. {@code vamana}, {@code jvector}, {@code lucene}
 * @param param the swept search parameter (L, beam width, efSearch), as text
 * @param recall mean recall@k in [0, 1], or NaN
 * @param qps queries per second
 * @param meanMs mean latency in milliseconds
 * @param p99Ms 99th percentile latency in milliseconds
 * @param buildSeconds index build time in seconds, or negative when unknown
 * @param indexBytes index size in bytes, or negative when unknown
 * @param readsPerQuery mean disk reads per query, or NaN when not counted
 * @param ramBytes bytes of RAM the searcher holds, or negative when unknown
 */
public record ResultRow(String engine, String param, double recall, double qps, double meanMs,
    double p99Ms, double buildSeconds, long indexBytes, double readsPerQuery, long ramBytes) {

  /**
   * The CSV header line shared by {@code vamana search --csv}, {@code vamana search-disk --csv} and
   * {@code vamana bench}.
   */
  public static final String HEADER =
      "engine,param,recall,qps,mean_ms,p99_ms,build_s,index_bytes,reads_per_query,ram_bytes";

  public ResultRow {
    if (engine == null || engine.isEmpty() || engine.contains(",") || engine.contains("\n")) {
      throw new IllegalArgumentException("engine name must be non-empty without commas: " + engine);
    }
    if (param == null || param.contains(",") || param.contains("\n")) {
      throw new IllegalArgumentException("param must not contain commas: " + param);
    }
  }

  /** A row without disk reads or RAM figures (written as empty fields). */
  public ResultRow(String engine, String param, double recall, double qps, double meanMs,
      double p99Ms, double buildSeconds, long indexBytes) {
    this(engine, param, recall, qps, meanMs, p99Ms, buildSeconds, indexBytes, Double.NaN, -1);
  }

  /** A row from latency statistics, without disk reads or RAM figures. */
  public static ResultRow of(String engine, String param, double recall, LatencyStats stats,
      double buildSeconds, long indexBytes) {
    return of(engine, param, recall, stats, buildSeconds, indexBytes, Double.NaN, -1);
  }

  /** A row from latency statistics with every column. */
  public static ResultRow of(String engine, String param, double recall, LatencyStats stats,
      double buildSeconds, long indexBytes, double readsPerQuery, long ramBytes) {
    return new ResultRow(engine, param, recall, stats.qps(), stats.meanMs(), stats.p99Ms(),
        buildSeconds, indexBytes, readsPerQuery, ramBytes);
  }

  /** This row as one CSV line, without the line terminator. */
  public String toCsv() {
    return String.join(",", engine, param,
        Double.isNaN(recall) ? "" : fmt("%.4f", recall),
        fmt("%.1f", qps),
        fmt("%.4f", meanMs),
        fmt("%.4f", p99Ms),
        buildSeconds < 0 ? "" : fmt("%.3f", buildSeconds),
        indexBytes < 0 ? "" : Long.toString(indexBytes),
        Double.isNaN(readsPerQuery) ? "" : fmt("%.2f", readsPerQuery),
        ramBytes < 0 ? "" : Long.toString(ramBytes));
  }

  private static String fmt(String f, double v) {
    return String.format(Locale.ROOT, f, v);
  }
}
