package dev.vamana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.exact.ExactSearch;
import dev.vamana.io.VectorFileWriter;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
  @TempDir
  static Path dir;
  static Path base;
  static Path queries;
  static Path gt;

  @BeforeAll
  static void data() {
    VectorStore b = clustered(1500, 16, 1);
    VectorStore q = clustered(25, 16, 2);
    base = dir.resolve("base.fvecs");
    queries = dir.resolve("query.fvecs");
    gt = dir.resolve("gt.ivecs");
    VectorFileWriter.writeVectors(base, b);
    VectorFileWriter.writeVectors(queries, q);
    VectorFileWriter.writeInts(gt, ExactSearch.search(b, q, Metric.COSINE, 20, 1, null).ids());
  }

  private static VectorStore clustered(int n, int dim, long seed) {
    Random centres = new Random(99);
    float[][] c = new float[8][dim];
    for (float[] row : c) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) centres.nextGaussian() * 3;
      }
    }
    Random rnd = new Random(seed);
    VectorStore s = new VectorStore(dim, n);
    float[] v = new float[dim];
    for (int i = 0; i < n; i++) {
      float[] centre = c[rnd.nextInt(c.length)];
      for (int j = 0; j < dim; j++) {
        v[j] = centre[j] + (float) rnd.nextGaussian();
      }
      s.append(v);
    }
    return s;
  }

  private record Run(int exit, String out, String err) {}

  /** Runs {@code BenchCommand} on its own, as the brief asks, with the CLI's error handlers. */
  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BenchCommand());
    cl.setParameterExceptionHandler(ErrorReporter::handleParameterException);
    cl.setExecutionExceptionHandler(ErrorReporter::handleExecutionException);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void benchWithGroundTruthFilePrintsAndWritesOneRowPerEngineAndParam() throws IOException {
    Path csv = dir.resolve("out.csv");
    Run r = run("--data", base.toString(), "--queries", queries.toString(), "--gt", gt.toString(),
        "--metric", "cosine", "--k", "10", "--engines", "vamana,jvector,lucene-default",
        "--params", "10,40,160", "--threads", "2", "--csv", csv.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(
        "engine,param,recall,qps,mean_ms,p99_ms,build_s,index_bytes,reads_per_query,ram_bytes");
    assertThat(lines).hasSize(1 + 3 * 3);
    assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l).startsWith("vamana,"));
    assertThat(lines.subList(4, 7)).allSatisfy(l -> assertThat(l).startsWith("jvector,"));
    assertThat(lines.subList(7, 10)).allSatisfy(l -> assertThat(l).startsWith("lucene-default,"));
    for (int i : new int[] {3, 6, 9}) {
      String[] last = lines.get(i).split(",");
      assertThat(last[1]).isEqualTo("160");
      assertThat(Double.parseDouble(last[2])).as(lines.get(i)).isGreaterThanOrEqualTo(0.9);
    }
    assertThat(r.out()).contains("# machine: cores=", "# simd: ", "n=1500 dim=16 metric=cosine",
        "qps@0.90", "qps@0.95", "qps@0.99");
    for (String l : lines.subList(1, lines.size())) {
      assertThat(r.out()).contains(l);
    }
  }

  @Test
  void benchWithoutGroundTruthComputesItExactly() {
    Run r = run("--data", base.toString(), "--queries", queries.toString(), "--metric", "l2",
        "--engines", "lucene", "--params", "100", "--threads", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ground truth: exact, computed in-process");
    String row = r.out().lines().filter(l -> l.startsWith("lucene,100,")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(row.split(",")[2])).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void badOptionValuesAreUsageErrorsAndBadInputsAreErrorsBothOneLineWithoutCsv() {
    Path csv = dir.resolve("never.csv");
    Object[][] cases = {
        {2, new String[] {"--engines", "lucene", "--metric", "hamming"}},
        {2, new String[] {"--engines", "lucene", "--metric", "l2", "--params", "5,20"}},
        {2, new String[] {"--engines", "faiss", "--metric", "l2"}},
        {2, new String[] {"--engines", "lucene", "--metric", "l2", "--threads", "0"}},
        {2, new String[] {"--engines", "lucene", "--metric", "l2", "--search-threads", "1,0"}},
        {2, new String[] {"--engines", "lucene", "--metric", "l2", "--search-threads", "two"}},
        {2, new String[] {"--engines", "lucene", "--metric", "l2", "--pq-bytes", "-1"}},
        {1, new String[] {"--engines", "lucene", "--metric", "l2", "--k", "5000"}},
        {1, new String[] {"--engines", "lucene", "--metric", "cosine", "--gt", gt.toString(),
            "--k", "50"}},
    };
    for (Object[] c : cases) {
      String[] extra = (String[]) c[1];
      String what = String.join(" ", extra);
      Run r = run(concat(new String[] {"--data", base.toString(), "--queries",
          queries.toString(), "--csv", csv.toString()}, extra));
      assertThat(r.exit()).as(what).isEqualTo(c[0]);
      assertThat(r.err().strip().lines()).as(what).hasSize(1);
      assertThat(r.err()).as(what).startsWith("vamana: error: ");
      assertThat(csv).as(what).doesNotExist();
    }
    Run missing = run("--data", dir.resolve("nope.fvecs").toString(), "--queries",
        queries.toString(), "--metric", "l2", "--csv", csv.toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.fvecs");
    assertThat(csv).doesNotExist();
  }

  @Test
  void searchThreadsMeasureConcurrentEnginesOncePerCountAndSkipTheOthers() throws Exception {
    Path csv = dir.resolve("threads.csv");
    Run r = run("--data", base.toString(), "--queries", queries.toString(), "--gt", gt.toString(),
        "--metric", "cosine", "--k", "10", "--engines", "vamana,lucene-default",
        "--params", "10,160", "--threads", "2", "--search-threads", "1,2", "--csv", csv.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(",")[0] + "," + l.split(",")[1])
        .containsExactly("vamana,10", "vamana,160", "vamana@t2,10", "vamana@t2,160",
            "lucene-default,10", "lucene-default,160");
    String[] t2 = lines.get(4).split(",", -1);
    assertThat(Double.parseDouble(t2[2])).isGreaterThanOrEqualTo(0.9);
    assertThat(t2).hasSize(10);
    assertThat(Long.parseLong(t2[9])).as("ram_bytes").isPositive();
    assertThat(r.out()).contains("search threads 1,2", "lucene-default: search is not thread-safe");
  }

  @Test
  void benchIsReachableAsASubcommandOfVamana() {
    StringWriter out = new StringWriter();
    CommandLine cl = VamanaCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("bench", "--help")).isZero();
    assertThat(out.toString()).contains("--engines", "--params", "--gt");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
