package dev.vamana.cli;

import static dev.vamana.cli.CliHarness.clustered;
import static dev.vamana.cli.CliHarness.run;
import static dev.vamana.cli.CliHarness.writeFvecs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input: one line on stderr, a non-zero exit code, and no output file left behind. */
class CliErrorTest {
  @TempDir Path dir;
  Path base;
  Path queries;
  Path index;

  @BeforeEach
  void data() {
    base = writeFvecs(dir.resolve("base.fvecs"), clustered(300, 8, 5, 1));
    queries = writeFvecs(dir.resolve("query.fvecs"), clustered(10, 8, 5, 2));
    index = dir.resolve("base.vmn");
    assertThat(run("build", "--data", base.toString(), "--metric", "l2", "--R", "8", "--L", "20",
        "--out", index.toString()).code()).isZero();
  }

  private List<Path> filesBefore;

  private void snapshot() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      filesBefore = s.sorted().toList();
    }
  }

  /** Runs the command, expects {@code code} and one error line containing {@code fragments}, and no new file. */
  private void expectError(int code, String[] args, String... fragments) throws IOException {
    snapshot();
    CliHarness.Result r = run(args);
    assertThat(r.code()).as("exit code of %s; stderr %s", Arrays.toString(args), r.err()).isEqualTo(code);
    assertThat(r.err().lines().toList()).as("stderr").hasSize(1);
    assertThat(r.err()).startsWith("vamana: error: ").contains(fragments);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.sorted().toList()).as("files after the failed command").isEqualTo(filesBefore);
    }
  }

  private static String[] args(Object... a) {
    return Arrays.stream(a).map(Object::toString).toArray(String[]::new);
  }

  @Test
  void queriesWhoseDimensionDisagreesWithTheIndex() throws IOException {
    Path q9 = writeFvecs(dir.resolve("q9.fvecs"), clustered(5, 9, 2, 3));
    Path csv = dir.resolve("out.csv");
    expectError(1, args("search", "--index", index, "--queries", q9, "--csv", csv), "dimension 9", "dimension 8");
    Path gt = dir.resolve("gt.ivecs");
    expectError(1, args("groundtruth", "--data", base, "--queries", q9, "--metric", "l2", "--k", "5", "--out", gt),
        "dimension 9", "dimension 8");
  }

  @Test
  void dataFileWhoseRowsDisagreeInDimension() throws IOException {
    Path mixed = dir.resolve("mixed.fvecs");
    byte[] a = Files.readAllBytes(writeFvecs(dir.resolve("a.fvecs"), clustered(3, 4, 1, 4)));
    byte[] b = Files.readAllBytes(writeFvecs(dir.resolve("b.fvecs"), clustered(2, 6, 1, 5)));
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    Files.write(mixed, all);
    expectError(1, args("build", "--data", mixed, "--metric", "l2", "--out", dir.resolve("x.vmn")),
        "row 3", "dimension 6");
  }

  @Test
  void nanAndInfinityInData() throws IOException {
    float[][] v = clustered(20, 4, 2, 6);
    v[7][2] = Float.NaN;
    Path nan = writeFvecs(dir.resolve("nan.fvecs"), v);
    expectError(1, args("build", "--data", nan, "--metric", "l2", "--out", dir.resolve("x.vmn")),
        "row 7, column 2", "NaN");
    v[7][2] = 0;
    v[3][0] = Float.POSITIVE_INFINITY;
    Path inf = writeFvecs(dir.resolve("inf.fvecs"), v);
    expectError(1, args("groundtruth", "--data", base, "--queries", inf, "--metric", "l2", "--k", "3",
        "--out", dir.resolve("gt.ivecs")), "row 3, column 0", "Infinity");
  }

  @Test
  void emptyAndTruncatedFiles() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.fvecs"));
    expectError(1, args("build", "--data", empty, "--metric", "l2", "--out", dir.resolve("x.vmn")), "empty");
    Path cut = dir.resolve("cut.fvecs");
    byte[] all = Files.readAllBytes(base);
    Files.write(cut, Arrays.copyOf(all, all.length - 3));
    expectError(1, args("build", "--data", cut, "--metric", "l2", "--out", dir.resolve("x.vmn")), "truncated");
    Path cutIndex = dir.resolve("cut.vmn");
    byte[] idx = Files.readAllBytes(index);
    Files.write(cutIndex, Arrays.copyOf(idx, idx.length / 2));
    expectError(1, args("search", "--index", cutIndex, "--queries", queries), cutIndex.toString());
  }

  @Test
  void indexWithWrongMagic() throws IOException {
    Path bad = dir.resolve("magic.vmn");
    byte[] idx = Files.readAllBytes(index);
    idx[0] ^= 0x20;
    idx[1] ^= 0x20;
    Files.write(bad, idx);
    expectError(1, args("search", "--index", bad, "--queries", queries), bad.toString(), "magic");
    expectError(1, args("info", bad), bad.toString(), "magic");
    expectError(1, args("search", "--index", base, "--queries", queries), base.toString());
  }

  @Test
  void indexFromAnotherFormatVersion() throws IOException {
    Path bad = dir.resolve("version.vmn");
    byte[] idx = Files.readAllBytes(index);
    IndexFileLayout.setFormatVersion(idx, IndexFileLayout.formatVersion(idx) + 1);
    Files.write(bad, idx);
    expectError(1, args("info", bad), bad.toString(), "version");
  }

  @Test
  void indexWithAFlippedByte() throws IOException {
    Path bad = dir.resolve("flipped.vmn");
    Files.copy(index, bad);
    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
      long pos = f.length() * 2 / 3;
      f.seek(pos);
      int b = f.read();
      f.seek(pos);
      f.write(b ^ 0x01);
    }
    expectError(1, args("search", "--index", bad, "--queries", queries), bad.toString(), "checksum");
  }

  @Test
  void unknownMetricIsAUsageError() throws IOException {
    expectError(2, args("build", "--data", base, "--metric", "hamming", "--out", dir.resolve("x.vmn")),
        "unknown metric 'hamming'");
    expectError(2, args("groundtruth", "--data", base, "--queries", queries, "--metric", "", "--out",
        dir.resolve("g.ivecs")), "unknown metric");
  }

  @Test
  void kLargerThanTheData() throws IOException {
    expectError(1, args("groundtruth", "--data", base, "--queries", queries, "--metric", "l2", "--k", "301",
        "--out", dir.resolve("gt.ivecs")), "--k 301", "300 vectors");
    expectError(1, args("search", "--index", index, "--queries", queries, "--k", "400", "--L", "400",
        "--csv", dir.resolve("o.csv")), "--k 400", "300 vectors");
  }

  @Test
  void listSizeSmallerThanK() throws IOException {
    expectError(2, args("search", "--index", index, "--queries", queries, "--k", "10", "--L", "20,5"),
        "--L 5 is smaller than --k 10");
  }

  @Test
  void groundTruthWithTooFewNeighbours() throws IOException {
    Path gt = dir.resolve("gt5.ivecs");
    assertThat(run("groundtruth", "--data", base.toString(), "--queries", queries.toString(), "--metric", "l2",
        "--k", "5", "--out", gt.toString()).code()).isZero();
    expectError(1, args("search", "--index", index, "--queries", queries, "--k", "10", "--gt", gt),
        "5 neighbours per query, fewer than --k 10");
  }

  @Test
  void missingFiles() throws IOException {
    Path none = dir.resolve("none.fvecs");
    expectError(1, args("build", "--data", none, "--metric", "l2", "--out", dir.resolve("x.vmn")),
        none.toString(), "no such file");
    Path noIndex = dir.resolve("none.vmn");
    expectError(1, args("search", "--index", noIndex, "--queries", queries), noIndex.toString());
    expectError(1, args("info", noIndex), noIndex.toString(), "no such file");
    expectError(1, args("search", "--index", index, "--queries", queries, "--gt", dir.resolve("none.ivecs")),
        "none.ivecs", "no such file");
  }

  @Test
  void unwritableOutputPaths() throws IOException {
    Path missingDir = dir.resolve("no-such-dir");
    expectError(1, args("build", "--data", base, "--metric", "l2", "--out", missingDir.resolve("x.vmn")),
        "cannot write", "does not exist");
    expectError(1, args("groundtruth", "--data", base, "--queries", queries, "--metric", "l2", "--k", "5",
        "--out", missingDir.resolve("gt.ivecs")), "cannot write");
    expectError(1, args("search", "--index", index, "--queries", queries, "--csv", missingDir.resolve("o.csv")),
        "cannot write");
    expectError(1, args("search", "--index", index, "--queries", queries, "--out", missingDir.resolve("o.ivecs")),
        "cannot write");
    Path aDir = Files.createDirectory(dir.resolve("adir.ivecs"));
    expectError(1, args("groundtruth", "--data", base, "--queries", queries, "--metric", "l2", "--k", "5",
        "--out", aDir), "is a directory");
  }

  @Test
  void outputOfTheWrongKind() throws IOException {
    expectError(2, args("groundtruth", "--data", base, "--queries", queries, "--metric", "l2", "--k", "5",
        "--out", dir.resolve("gt.fvecs")), "must be an .ivecs, .ibin or .gt file");
    expectError(1, args("search", "--index", index, "--queries", queries, "--out", dir.resolve("r.txt")),
        "unknown vector file extension");
  }

  @Test
  void aFolderWhereAnIndexFileIsExpectedIsNamedAsSuch() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("disk-index"));
    expectError(1, args("info", folder), folder + " is a folder, not an index file", "search-disk");
    expectError(1, args("search", "--index", folder, "--queries", queries), "is a folder, not an index file");
  }

  @Test
  void valuesOutOfRangeAreUsageErrorsWithoutADoubledErrorWord() throws IOException {
    expectError(2, args("synth", "--out", dir.resolve("s.fvecs"), "--n", "10", "--dim", "-1"), "--dim must be at least 1, got -1");
    snapshot();
    CliHarness.Result r = run("build-disk", "--data", base.toString(), "--metric", "l2", "--out", dir.resolve("d").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("vamana: error: ").doesNotContain("error: Error:");
  }

  @Test
  void unknownOptionIsAUsageError() throws IOException {
    expectError(2, args("build", "--data", base, "--metric", "l2", "--out", dir.resolve("x.vmn"), "--frobnicate"),
        "frobnicate");
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliHarness.Result r = run("--verbose", "build", "--data", dir.resolve("none.fvecs").toString(), "--metric", "l2",
        "--out", dir.resolve("x.vmn").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("vamana: error: ").contains("at dev.vamana.io.VectorFileReader");
    CliHarness.Result r2 = run("build", "--verbose", "--data", dir.resolve("none.fvecs").toString(), "--metric",
        "l2", "--out", dir.resolve("x.vmn").toString());
    assertThat(r2.err()).contains("at dev.vamana.io.VectorFileReader");
  }
}
