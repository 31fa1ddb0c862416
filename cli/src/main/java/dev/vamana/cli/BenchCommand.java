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
import dev.vamana.io.AtomicFiles;
import dev.vamana.io.GroundTruth;
import dev.vamana.io.VectorFileReader;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vamana bench}: builds every requested engine on the same base set in this one process, then
 * sweeps each engine's search-list parameter after a warm-up pass, with each {@code --search-threads}
 * count (default 1), and prints (and
 * with {@code --csv} writes) one row per (engine, parameter) and the QPS each engine reaches at
 * recall 0.90, 0.95 and 0.99. All logic lives in {@code dev.vamana.bench}; this class parses the
 * options, reads the files, shows progress bars (on standard error) and prints.
 *
 * <p>Exit codes (see {@link VamanaCli}): 0 success, 1 bad input (files, k larger than the data, short
 * ground truth), 2 a bad option value; the error is one line on stderr and no CSV is written. Not
 * thread-safe: one instance per invocation.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Side-by-side recall/QPS benchmark of vamana and its peers (jvector, Lucene HNSW).")
public final class BenchCommand extends CliCommand {

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Base vectors (.fvecs, .bvecs, .fbin, .u8bin, .i8bin).")
  Path data;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "Query vectors.")
  Path queries;

  @Option(names = "--gt", paramLabel = "FILE",
      description = "Ground truth (.ivecs, .ibin or DiskANN .gt); computed exactly in-process when absent.")
  Path groundTruth;

  @Option(names = "--metric", required = true, paramLabel = "M",
      converter = Converters.MetricConverter.class, description = "l2, ip or cosine.")
  Metric metric;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--engines", defaultValue = "vamana,jvector,lucene", paramLabel = "LIST",
      description = "Comma-separated: vamana, vamana-sq8, jvector, lucene (M=32, beamWidth=250), lucene-default "
          + "(M=16, beamWidth=100); memory-constrained: vamana-disk (O_DIRECT), vamana-disk-mmap, jvector-disk "
          + "(on-disk graph, PQ in RAM), lucene-sq4 and lucene-sq1 (Lucene104HnswScalarQuantizedVectorsFormat, "
          + "4 / 1 bits, full-precision rescoring). Default ${DEFAULT-VALUE}.")
  String engines;

  @Option(names = "--search-threads", defaultValue = "1", paramLabel = "LIST",
      description = "Search-thread counts to measure each engine with, e.g. 1,2; rows of T > 1 are labelled "
          + "engine@tT (default ${DEFAULT-VALUE}).")
  String searchThreads;

  @Option(names = "--pq-bytes", defaultValue = "0", paramLabel = "B",
      description = "PQ bytes per vector of vamana-disk and jvector-disk (default: a third of the dimension).")
  int pqBytes;

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

  @Option(names = "--max-queries", paramLabel = "N",
      description = "Use only the first N queries (default: all).")
  Integer maxQueries;

  @Override
  protected int execute() {
    PrintWriter out = out();
    Metric m = metric;
    if (k <= 0) {
      throw usage("--k must be at least 1, got " + k);
    }
    List<String> engineNames;
    int[] sweep;
    int[] threadCounts;
    try {
      engineNames = Engines.parseList(engines);
      sweep = params == null ? SearchParams.defaults(k) : SearchParams.parse(params, k);
      threadCounts = SearchParams.parseAscending(searchThreads, "--search-threads", 1, "is below 1", "1,2");
    } catch (VamanaException e) {
      throw usage(e.getMessage());
    }
    if (pqBytes < 0) {
      throw usage("--pq-bytes must not be negative, got " + pqBytes);
    }
    int buildThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (buildThreads <= 0) {
      throw usage("--threads must be at least 1, got " + buildThreads);
    }
    if (warmup < 0) {
      throw usage("--warmup must not be negative, got " + warmup);
    }
    if (csv != null) {
      AtomicFiles.checkWritable(csv);
    }

    VectorStore base = VectorFileReader.readVectors(data);
    VectorStore qs = VectorFileReader.readVectors(queries);
    if (maxQueries != null) {
      if (maxQueries < 1) {
        throw usage("--max-queries must be at least 1, got " + maxQueries);
      }
      qs = firstRows(qs, maxQueries);
    }
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
        groundTruth == null ? "exact, computed in-process" : groundTruth.toString(), buildThreads,
        threadCounts)) {
      out.println(line);
    }
    out.println("# search params: " + SearchParams.format(sweep) + "; warm-up passes: " + warmup);
    out.println(ResultRow.HEADER);
    out.flush();

    var config = new SideBySideBench.Config(engineNames, m, k, buildThreads, sweep, warmup, threadCounts,
        pqBytes);
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
    out.println("# mean distance computations per query (param:count, as each engine counts them)");
    for (String line : BenchReport.distancesPerQuery(results)) {
      out.println(line);
    }
    out.println("# at end: " + BenchReport.loadAverage());
    if (csv != null) {
      out.println("# wrote " + csv);
    }
    out.flush();
    return 0;
  }

  private static VectorStore firstRows(VectorStore all, int n) {
    if (n >= all.size()) {
      return all;
    }
    VectorStore some = new VectorStore(all.dimension(), n);
    float[] row = new float[all.dimension()];
    for (int i = 0; i < n; i++) {
      all.get(i, row);
      some.append(row);
    }
    return some;
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
    try (ProgressBars bar = ProgressBars.start("ground truth", qs.size(), "queries")) {
      GroundTruth gt = ExactSearch.search(base, qs, m, k, threads, bar::update);
      return gt.ids();
    }
  }

  /** Progress bars for builds and a printed line per build and per measured row. */
  private static final class Listener implements SideBySideBench.Listener {
    private final PrintWriter out;
    private final List<ResultRow> rows;
    private final int n;
    private ProgressBars bar;

    Listener(PrintWriter out, List<ResultRow> rows, int n) {
      this.out = out;
      this.rows = rows;
      this.n = n;
    }

    @Override
    public void buildStarted(Engine engine, int size) {
      out.flush();
      bar = ProgressBars.start("build " + engine.name(), size, "vectors");
    }

    @Override
    public void buildProgress(Engine engine, long done, long total) {
      ProgressBars b = bar;
      if (b != null) {
        b.update(done, total);
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
    public void searchThreadsSkipped(Engine engine, int threads) {
      out.println("# " + engine.name() + ": search is not thread-safe, not measured with " + threads + " threads");
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
