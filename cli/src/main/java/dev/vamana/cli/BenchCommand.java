package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.bench.BenchReport;
import dev.vamana.bench.CsvResultWriter;
import dev.vamana.bench.Engine;
import dev.vamana.bench.Engines;
import dev.vamana.bench.ResultRow;
import dev.vamana.bench.SearchParams;
import dev.vamana.bench.SideBySideBench;
import dev.vamana.exact.ExactSearch;
import dev.vamana.io.AtomicFile;
import dev.vamana.io.GroundTruth;
import dev.vamana.io.VectorFileReader;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vamana bench}: builds every requested engine on the same base set in this one process, then
 * sweeps each engine's search-list parameter single-threaded after a warm-up pass, and prints (and
 * with {@code --csv} writes) one row per (engine, parameter) and the QPS each engine reaches at
 * recall 0.90, 0.95 and 0.99. All logic lives in {@code dev.vamana.bench}; this class parses the
 * options, reads the files, shows progress bars (on standard error) and prints.
 *
 * <p>Exit codes: 0 on success, 1 on a user error (one line on standard error, no CSV written).
 * Not thread-safe: one instance per invocation.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Side-by-side recall/QPS benchmark of vamana and its peers (jvector, Lucene HNSW).")
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Base vectors (.fvecs, .bvecs, .fbin, .u8bin, .i8bin).")
  Path data;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "Query vectors.")
  Path queries;

  @Option(names = "--gt", paramLabel = "FILE",
      description = "Ground truth (.ivecs, .ibin or DiskANN .gt); computed exactly in-process when absent.")
  Path groundTruth;

  @Option(names = "--metric", required = true, paramLabel = "M", description = "l2, ip or cosine.")
  String metric;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--engines", defaultValue = "vamana,jvector,lucene", paramLabel = "LIST",
      description = "Comma-separated: vamana, jvector, lucene (M=32, beamWidth=250), lucene-default "
          + "(M=16, beamWidth=100). Default ${DEFAULT-VALUE}.")
  String engines;

  @Option(names = "--csv", paramLabel = "OUT.csv", description = "Also write the rows as CSV here.")
  Path csv;

  @Option(names = "--threads", paramLabel = "N",
      description = "Build threads per engine (default: all cores).")
  Integer threads;

  @Option(names = "--params", paramLabel = "LIST",
      description = "Search-list values to sweep, e.g. 10,20,40,80 (default: 10,16,24,32,48,64,96,128,192,256 scaled by k/10).")
  String params;

  @Option(names = "--warmup", defaultValue = "1", paramLabel = "PASSES",
      description = "Unrecorded warm-up sweeps before the measured one (default ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      run(out);
      return 0;
    } catch (VamanaException e) {
      err.println("vamana bench: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private void run(PrintWriter out) {
    Metric m = Metric.parse(metric);
    if (k <= 0) {
      throw new VamanaException("--k must be positive, got " + k);
    }
    List<String> engineNames = Engines.parseList(engines);
    int[] sweep = params == null ? SearchParams.defaults(k) : SearchParams.parse(params, k);
    int buildThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (buildThreads <= 0) {
      throw new VamanaException("--threads must be positive, got " + buildThreads);
    }
    if (csv != null) {
      AtomicFile.checkWritable(csv);
    }

    VectorStore base = VectorFileReader.readVectors(data);
    VectorStore qs = VectorFileReader.readVectors(queries);
    if (qs.dimension() != base.dimension()) {
      throw new VamanaException(queries + " has dimension " + qs.dimension() + " but " + data
          + " has dimension " + base.dimension());
    }
    if (k > base.size()) {
      throw new VamanaException("--k " + k + " is larger than the " + base.size()
          + " vectors of " + data);
    }
    int[][] gt = groundTruth(base, qs, m, buildThreads);

    for (String line : BenchReport.header(data.toString(), base.size(), base.dimension(), m, k,
        queries.toString(), qs.size(),
        groundTruth == null ? "exact, computed in-process" : groundTruth.toString(), buildThreads)) {
      out.println(line);
    }
    out.println("# search params: " + SearchParams.format(sweep) + "; warm-up passes: " + warmup);
    out.println(ResultRow.HEADER);
    out.flush();

    var config = new SideBySideBench.Config(engineNames, m, k, buildThreads, sweep, warmup);
    List<ResultRow> rows = new ArrayList<>();
    List<SideBySideBench.EngineResult> results = new SideBySideBench(config).run(base, qs, gt,
        new Listener(out, rows, base.size()));

    if (csv != null) {
      CsvResultWriter.write(csv, rows);
    }
    out.println();
    out.println("# QPS at recall@" + k + " (interpolated; n/a = not reached)");
    for (String line : BenchReport.qpsAtRecall(results)) {
      out.println(line);
    }
    out.println("# at end: " + BenchReport.loadAverage());
    if (csv != null) {
      out.println("# wrote " + csv);
    }
    out.flush();
  }

  private int[][] groundTruth(VectorStore base, VectorStore qs, Metric m, int threads) {
    if (groundTruth != null) {
      int[][] ids = VectorFileReader.readGroundTruth(groundTruth).ids();
      if (ids.length < qs.size()) {
        throw new VamanaException(groundTruth + " holds " + ids.length + " rows, expected one per query ("
            + qs.size() + " in " + queries + ")");
      }
      for (int q = 0; q < qs.size(); q++) {
        if (ids[q].length < k) {
          throw new VamanaException(groundTruth + ": row " + q + " holds " + ids[q].length
              + " ids, fewer than --k " + k);
        }
        for (int id : ids[q]) {
          if (id >= base.size()) {
            throw new VamanaException(groundTruth + ": row " + q + " holds id " + id
                + ", beyond the " + base.size() + " vectors of " + data);
          }
        }
      }
      return ids;
    }
    try (ProgressBar bar = bar("ground truth", qs.size())) {
      GroundTruth gt = ExactSearch.search(base, qs, m, k, threads, (done, total) -> bar.stepTo(done));
      return gt.ids();
    }
  }

  private static ProgressBar bar(String task, long max) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
        .clearDisplayOnFinish().build();
  }

  /** Progress bars for builds and a printed line per build and per measured row. */
  private static final class Listener implements SideBySideBench.Listener {
    private final PrintWriter out;
    private final List<ResultRow> rows;
    private final int n;
    private ProgressBar bar;

    Listener(PrintWriter out, List<ResultRow> rows, int n) {
      this.out = out;
      this.rows = rows;
      this.n = n;
    }

    @Override
    public void buildStarted(Engine engine, int size) {
      out.flush();
      bar = bar("build " + engine.name(), size);
    }

    @Override
    public void buildProgress(Engine engine, long done, long total) {
      ProgressBar b = bar;
      if (b != null) {
        b.stepTo(done);
      }
    }

    @Override
    public void buildFinished(Engine engine, double seconds, long indexBytes) {
      bar.close();
      bar = null;
      out.println(BenchReport.buildLine(engine, seconds, indexBytes, n));
      out.flush();
    }

    @Override
    public void row(ResultRow row) {
      rows.add(row);
      out.println(row.toCsv());
      out.flush();
    }
  }
}
