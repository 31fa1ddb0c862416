package dev.vamana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.disk.DiskIndex;
import dev.vamana.disk.DiskIndexWriter;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildDiskCommandTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = new CommandLine(new BuildDiskCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path data(int n, int dim) throws IOException {
    SplittableRandom rnd = new SplittableRandom(4);
    VectorStore s = new VectorStore(dim);
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = (float) rnd.nextDouble();
      }
      s.append(v);
    }
    Path f = tmp.resolve("base.fvecs");
    SearchDiskCommandTest.writeFvecs(f, s);
    return f;
  }

  @Test
  void buildsOneShotAndPartitionedIndexesThatOpen() throws IOException {
    Path f = data(1500, 16);
    Run one = run("--data", f.toString(), "--metric", "l2", "--R", "16", "--L", "32", "--pq-bytes", "8", "--threads", "2",
        "--out", tmp.resolve("one").toString());
    assertThat(one.exit()).as(one.err()).isZero();
    assertThat(one.out()).contains("one-shot in memory");
    assertThat(one.err()).contains("train PQ").contains("build graph").contains("write layout");
    Run parts = run("--data", f.toString(), "--metric", "cosine", "--R", "16", "--L", "32", "--search-memory", "40K",
        "--build-memory", "600K", "--threads", "2", "--out", tmp.resolve("parts").toString());
    assertThat(parts.exit()).as(parts.err()).isZero();
    assertThat(parts.out()).contains("partitioned into");
    assertThat(parts.err()).contains("merge");
    try (DiskIndex idx = DiskIndex.open(tmp.resolve("parts"), DiskIndex.Options.defaults())) {
      assertThat(idx.size()).isEqualTo(1500);
      assertThat(idx.quantizer().m()).isBetween(1, 16);
      assertThat(idx.cacheFileNodes()).as("default --cache-nodes 10000, capped at n").isEqualTo(1500);
    }
  }

  @Test
  void cacheNodesWritesTheNodeCacheSideFileAndZeroWritesNone() throws IOException {
    Path f = data(800, 16);
    Run some = run("--data", f.toString(), "--metric", "l2", "--R", "16", "--L", "32", "--pq-bytes", "8", "--threads", "2",
        "--cache-nodes", "120", "--out", tmp.resolve("c").toString());
    assertThat(some.exit()).as(some.err()).isZero();
    assertThat(some.out()).contains("first 120 nodes").contains(DiskIndexWriter.CACHE);
    try (DiskIndex idx = DiskIndex.open(tmp.resolve("c"), DiskIndex.Options.defaults().withCacheNodes(100))) {
      assertThat(idx.cacheFileNodes()).isEqualTo(120);
      assertThat(idx.cachedNodesFromFile()).isEqualTo(100);
    }
    Run none = run("--data", f.toString(), "--metric", "l2", "--R", "16", "--L", "32", "--pq-bytes", "8", "--threads", "2",
        "--cache-nodes", "0", "--out", tmp.resolve("c").toString());
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(tmp.resolve("c").resolve(DiskIndexWriter.CACHE)).doesNotExist();
    Run negative = run("--data", f.toString(), "--metric", "l2", "--pq-bytes", "8", "--cache-nodes", "-1", "--out", tmp.resolve("d").toString());
    assertThat(negative.exit()).isNotZero();
    assertThat(negative.err()).contains("--cache-nodes");
  }

  @Test
  void badArgumentsGiveOneLineErrorsAndNoOutput() throws IOException {
    Path f = data(200, 8);
    Run metric = run("--data", f.toString(), "--metric", "hamming", "--pq-bytes", "4", "--out", tmp.resolve("x").toString());
    assertThat(metric.exit()).isEqualTo(1);
    assertThat(metric.err()).contains("unknown metric");
    Run both = run("--data", f.toString(), "--metric", "l2", "--pq-bytes", "4", "--search-memory", "1", "--out", tmp.resolve("x").toString());
    assertThat(both.exit()).isEqualTo(2);
    Run tooMany = run("--data", f.toString(), "--metric", "l2", "--pq-bytes", "9", "--out", tmp.resolve("y").toString());
    assertThat(tooMany.exit()).isEqualTo(1);
    assertThat(tooMany.err()).contains("--pq-bytes 9");
    Run missing = run("--data", tmp.resolve("none.fvecs").toString(), "--metric", "l2", "--pq-bytes", "4", "--out", tmp.resolve("z").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
    Path blocker = tmp.resolve("blocker");
    Files.writeString(blocker, "x");
    Run unwritable = run("--data", f.toString(), "--metric", "l2", "--pq-bytes", "4", "--out", blocker.resolve("sub").toString());
    assertThat(unwritable.exit()).isEqualTo(1);
    assertThat(unwritable.err()).contains("output directory");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("x", "y", "z");
    }
  }
}
