package dev.vamana.cli;

import static dev.vamana.cli.CliHarness.clustered;
import static dev.vamana.cli.CliHarness.run;
import static dev.vamana.cli.CliHarness.writeFvecs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.bench.ResultRow;
import dev.vamana.io.GroundTruth;
import dev.vamana.io.VectorFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliWorkflowTest {
  @TempDir Path dir;
  Path base;
  Path queries;

  @BeforeEach
  void data() {
    base = writeFvecs(dir.resolve("base.fvecs"), clustered(2000, 16, 20, 1));
    queries = writeFvecs(dir.resolve("query.fvecs"), clustered(50, 16, 20, 2));
  }

  @Test
  void buildThenSearchWithGroundTruthReportsRecallAndWritesCsvAndIds() throws Exception {
    Path index = dir.resolve("base.vmn");
    CliHarness.Result b = run("build", "--data", base.toString(), "--metric", "l2", "--R", "16", "--L", "50",
        "--threads", "2", "--out", index.toString());
    assertThat(b.err()).isEmpty();
    assertThat(b.code()).isZero();
    assertThat(b.out()).contains("built 2,000 vectors").contains("bytes per vector");
    assertThat(index).isNotEmptyFile();

    Path gt = dir.resolve("gt.ivecs");
    CliHarness.Result g = run("groundtruth", "--data", base.toString(), "--queries", queries.toString(),
        "--metric", "l2", "--k", "20", "--threads", "2", "--out", gt.toString());
    assertThat(g.code()).as(g.err()).isZero();
    int[][] gtIds = VectorFileReader.readInts(gt);
    assertThat(gtIds).hasNumberOfRows(50);
    assertThat(gtIds[0]).hasSize(20);

    Path csv = dir.resolve("sweep.csv");
    Path ids = dir.resolve("result.ivecs");
    CliHarness.Result s = run("search", "--index", index.toString(), "--queries", queries.toString(),
        "--k", "10", "--L", "10,40,100", "--gt", gt.toString(), "--csv", csv.toString(), "--out", ids.toString());
    assertThat(s.err()).isEmpty();
    assertThat(s.code()).isZero();
    assertThat(s.out()).contains("recall@10");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo(ResultRow.HEADER);
    assertThat(lines.get(1)).startsWith("vamana,10,");
    assertThat(lines.get(3)).startsWith("vamana,100,");
    String[] last = lines.get(3).split(",", -1);
    assertThat(Double.parseDouble(last[2])).as("recall@10 at L=100").isGreaterThanOrEqualTo(0.95);
    assertThat(Double.parseDouble(last[3])).as("qps").isPositive();
    assertThat(last[6]).as("build_s unknown for a loaded index").isEmpty();
    assertThat(Long.parseLong(last[7])).isEqualTo(Files.size(index));

    int[][] found = VectorFileReader.readInts(ids);
    assertThat(found).hasNumberOfRows(50);
    int hits = 0;
    for (int q = 0; q < 50; q++) {
      assertThat(found[q]).hasSize(10);
      for (int id : found[q]) {
        for (int j = 0; j < 10; j++) {
          if (gtIds[q][j] == id) {
            hits++;
          }
        }
      }
    }
    assertThat(hits / 500.0).as("recall of the --out ids").isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void groundTruthInDiskannFormatHoldsSortedDistances() {
    Path gt = dir.resolve("truth.gt");
    CliHarness.Result g = run("groundtruth", "--data", base.toString(), "--queries", queries.toString(),
        "--metric", "cosine", "--k", "5", "--threads", "1", "--out", gt.toString());
    assertThat(g.code()).as(g.err()).isZero();
    GroundTruth t = VectorFileReader.readGroundTruth(gt);
    assertThat(t.hasDistances()).isTrue();
    for (float[] row : t.distances()) {
      assertThat(row).isSorted();
    }
  }

  @Test
  void searchWithoutGroundTruthAndWithThreadsPrintsQps() {
    Path index = dir.resolve("ip.vmn");
    assertThat(run("build", "--data", base.toString(), "--metric", "ip", "--out", index.toString()).code()).isZero();
    CliHarness.Result s = run("search", "--index", index.toString(), "--queries", queries.toString(),
        "--k", "5", "--L", "20", "--threads", "2", "--warmup", "0");
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("QPS");
    assertThat(s.out().lines().filter(l -> l.matches("\\s+20\\s+-\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+"))).hasSize(1);
  }

  @Test
  void infoShowsIndexFieldsAndKernels() {
    Path index = dir.resolve("cos.vmn");
    assertThat(run("build", "--data", base.toString(), "--metric", "cosine", "--R", "24", "--out", index.toString())
        .code()).isZero();
    CliHarness.Result i = run("info", index.toString());
    assertThat(i.code()).as(i.err()).isZero();
    assertThat(i.out()).contains("kernels:").contains("metric:     cosine").contains("dimension:  16")
        .contains("2,000 live").contains("R=24").contains("format version 2").contains("bytes per vector");
    assertThat(i.out()).contains("graph walk on float32 rows");
    Path sq8 = dir.resolve("cos-sq8.vmn");
    assertThat(run("build", "--data", base.toString(), "--metric", "cosine", "--R", "24", "--quantization", "sq8",
        "--out", sq8.toString()).code()).isZero();
    assertThat(run("info", sq8.toString()).out()).contains("graph walk on 8-bit codes (sq8)");
    assertThat(Files.exists(sq8)).isTrue();
    CliHarness.Result plain = run("info");
    assertThat(plain.code()).isZero();
    assertThat(plain.out()).contains("kernels:").doesNotContain("metric:");
  }

  @Test
  void noArgumentsPrintsUsageWithEverySubcommand() {
    CliHarness.Result r = run();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("build", "search", "groundtruth", "info");
  }
}
