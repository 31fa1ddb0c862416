package dev.vamana.bench;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text the side-by-side benchmark prints: a header naming the machine and the data, one line
 * per measured point (the CSV row), and per engine the QPS interpolated at recall 0.90, 0.95 and
 * 0.99 ({@link QpsAtRecall}). Stateless and thread-safe.
 */
public final class BenchReport {
  /** The recall targets of the summary table. */
  public static final double[] TARGETS = {0.90, 0.95, 0.99};

  private BenchReport() {}

  /**
   * Header lines (each starting with {@code #}): cores, JVM, SIMD kernels, data file, n, dim,
   * metric, k, queries, build threads, and where the ground truth came from.
   */
  public static List<String> header(String dataFile, int n, int dim, Metric metric, int k,
      String queryFile, int queries, String groundTruth, int buildThreads) {
    return header(dataFile, n, dim, metric, k, queryFile, queries, groundTruth, buildThreads, new int[] {1});
  }

  /** As above, measuring with each of the given search-thread counts. */
  public static List<String> header(String dataFile, int n, int dim, Metric metric, int k,
      String queryFile, int queries, String groundTruth, int buildThreads, int[] searchThreads) {
    List<String> h = new ArrayList<>();
    h.add(searchThreads.length == 1 && searchThreads[0] == 1
        ? "# vamana bench: side-by-side recall/QPS, single-threaded search after a warm-up pass"
        : "# vamana bench: side-by-side recall/QPS after a warm-up pass, search threads "
            + SearchParams.format(searchThreads) + " (rows of T > 1 threads labelled engine@tT)");
    h.add("# machine: cores=" + Runtime.getRuntime().availableProcessors()
        + " jvm=" + System.getProperty("java.vm.name") + " " + Runtime.version()
        + " os=" + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        + " " + loadAverage());
    h.add("# simd: " + Kernels.get().description());
    h.add("# data: " + dataFile + " n=" + n + " dim=" + dim + " metric=" + metric.shortName());
    h.add("# queries: " + queryFile + " count=" + queries + " k=" + k + " ground truth: " + groundTruth);
    h.add("# build threads: " + buildThreads);
    return h;
  }

  /**
   * The line printed when an engine's build is done: settings, search parameter name, build time,
   * index bytes (also per vector, {@code n} being the base-set size) and the load average then.
   */
  public static String buildLine(Engine engine, double seconds, long indexBytes, int n) {
    return String.format(Locale.ROOT,
        "# %s: %s; search param %s; build %.1f s; index %s (%.1f bytes/vector); %s",
        engine.name(), engine.settings(), engine.paramName(), seconds, humanBytes(indexBytes),
        (double) indexBytes / n, loadAverage());
  }

  /** Summary lines: a title row, then per engine QPS at each of {@link #TARGETS}, or {@code n/a}. */
  public static List<String> qpsAtRecall(List<SideBySideBench.EngineResult> results) {
    List<String> out = new ArrayList<>();
    StringBuilder title = new StringBuilder(String.format(Locale.ROOT, "%-16s", "engine"));
    for (double t : TARGETS) {
      title.append(String.format(Locale.ROOT, " %12s", String.format(Locale.ROOT, "qps@%.2f", t)));
    }
    out.add(title.toString());
    for (SideBySideBench.EngineResult r : results) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s", r.engine()));
      for (double t : TARGETS) {
        line.append(String.format(Locale.ROOT, " %12s",
            QpsAtRecall.format(QpsAtRecall.interpolate(r.rows(), t))));
      }
      out.add(line.toString());
    }
    return out;
  }

  /**
   * Diagnostic lines: per engine, the mean distance computations per query at each search
   * parameter ({@code param:count}), as the engine counts them (nodes scored).
   */
  public static List<String> distancesPerQuery(List<SideBySideBench.EngineResult> results) {
    List<String> out = new ArrayList<>();
    for (SideBySideBench.EngineResult r : results) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "# %-16s", r.engine()));
      for (int i = 0; i < r.rows().size(); i++) {
        double d = r.distancesPerQuery()[i];
        line.append(' ').append(r.rows().get(i).param()).append(':')
            .append(Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.0f", d));
      }
      out.add(line.toString());
    }
    return out;
  }

  /**
   * {@code load=1.23}: the system load average over the last minute (other processes competing for
   * the cores make single-threaded QPS noisy), or {@code load=n/a} where the OS does not report it.
   */
  public static String loadAverage() {
    double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? "load=n/a" : String.format(Locale.ROOT, "load=%.2f", l);
  }

  /** {@code 12.3 MiB}-style size. */
  public static String humanBytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
