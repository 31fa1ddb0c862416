package dev.vamana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.disk.BuildPhases;
import dev.vamana.disk.DiskIndexBuilder;
import dev.vamana.disk.GraphSource;
import dev.vamana.disk.NodeCacheFile;
import dev.vamana.disk.ShardGraphBuilder;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SearchDiskCommandTest {
  @TempDir Path tmp;
  private static final int N = 600, DIM = 16, Q = 20;
  private VectorStore base;
  private VectorStore queries;

  /** Brute-force graph for tests: 12 nearest neighbours and 4 random nodes per node. */
  static final ShardGraphBuilder BRUTE = (input, metric, r, progress) -> {
    int n = input.size();
    VectorStore vectors = new VectorStore(input.dimension(), n); // the caller frees its rows after the build
    for (int i = 0; i < n; i++) {
      vectors.append(input.get(i));
    }
    int[][] adj = new int[n][];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int p = 0; p < n; p++) {
      float[] v = vectors.get(p);
      int pp = p;
      int[] near = IntStream.range(0, n).filter(i -> i != pp).boxed()
          .sorted((a, b) -> Float.compare(metric.distance(Kernels.get(), v, vectors.get(a)), metric.distance(Kernels.get(), v, vectors.get(b))))
          .limit(Math.max(1, r - 4)).mapToInt(Integer::intValue).toArray();
      int[] all = Arrays.copyOf(near, Math.min(r, near.length + 4));
      for (int j = near.length; j < all.length; j++) {
        all[j] = rnd.nextInt(n);
      }
      adj[p] = Arrays.stream(all).filter(x -> x != pp).distinct().toArray();
    }
    return new GraphSource() {
      public Metric metric() { return metric; }
      public int dimension() { return vectors.dimension(); }
      public int maxDegree() { return r; }
      public int nodeCount() { return n; }
      public int entryPoint() { return 0; }
      public void vector(int ord, float[] dst) { vectors.get(ord, dst); }
      public int neighbors(int ord, int[] dst) {
        System.arraycopy(adj[ord], 0, dst, 0, adj[ord].length);
        return adj[ord].length;
      }
      public long externalId(int ord) { return ord; }
    };
  };

  @BeforeEach
  void data() throws IOException {
    SplittableRandom rnd = new SplittableRandom(9);
    base = new VectorStore(DIM);
    queries = new VectorStore(DIM);
    for (int i = 0; i < N + Q; i++) {
      float[] v = new float[DIM];
      for (int j = 0; j < DIM; j++) {
        v[j] = (float) rnd.nextDouble();
      }
      (i < N ? base : queries).append(v);
    }
    writeFvecs(tmp.resolve("q.fvecs"), queries);
    writeFvecs(tmp.resolve("base.fvecs"), base);
    int[][] gt = new int[Q][];
    for (int q = 0; q < Q; q++) {
      float[] qv = queries.get(q);
      gt[q] = IntStream.range(0, N).boxed()
          .sorted((a, b) -> Float.compare(Metric.L2.distance(Kernels.scalar(), qv, base.get(a)), Metric.L2.distance(Kernels.scalar(), qv, base.get(b))))
          .limit(10).mapToInt(Integer::intValue).toArray();
    }
    long[][] asLong = Arrays.stream(gt).map(r -> Arrays.stream(r).asLongStream().toArray()).toArray(long[][]::new);
    DiskCliSupport.writeIvecs(tmp.resolve("gt.ivecs"), asLong);
    DiskIndexBuilder.builder().metric(Metric.L2).maxDegree(16).pqBytes(8).threads(2).graphBuilder(BRUTE)
        .build(VectorSource.of(base), null, tmp.resolve("idx"), BuildPhases.NONE);
  }

  static void writeFvecs(Path f, VectorStore s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(s.size() * (4 + 4 * s.dimension())).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < s.size(); i++) {
      b.putInt(s.dimension());
      for (float x : s.get(i)) {
        b.putFloat(x);
      }
    }
    Files.write(f, b.array());
  }

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = new CommandLine(new SearchDiskCommand());
    cl.setParameterExceptionHandler(ErrorReporter::handleParameterException);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void sweepPrintsRecallReadsAndRamAndWritesCsvAndIds() throws IOException {
    Run r = run("--index", tmp.resolve("idx").toString(), "--queries", tmp.resolve("q.fvecs").toString(), "--k", "10",
        "--L", "20,200", "--gt", tmp.resolve("gt.ivecs").toString(), "--csv", tmp.resolve("r.csv").toString(),
        "--out", tmp.resolve("top.ivecs").toString(), "--cache-nodes", "50", "--threads", "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("recall@10").contains("reads/q").contains("searcher RAM").contains("no cache.vnc, 50 read by BFS");
    String[] lines = Files.readString(tmp.resolve("r.csv")).split("\n");
    assertThat(lines[0]).isEqualTo("engine,param,recall,qps,mean_ms,p99_ms,build_s,index_bytes,reads_per_query,ram_bytes");
    assertThat(lines).hasSize(3);
    double recallAt200 = Double.parseDouble(lines[2].split(",")[2]);
    assertThat(recallAt200).isGreaterThanOrEqualTo(0.95);
    int[][] top = DiskCliSupport.readIvecs(tmp.resolve("top.ivecs"));
    assertThat(top).hasNumberOfRows(Q);
    assertThat(top[0]).hasSize(10);
  }

  @Test
  void cacheComesFromTheSideFileWhenItHoldsEnoughNodesAndTheRestByBfs() {
    Path idx = tmp.resolve("idx");
    assertThat(NodeCacheFile.write(idx, 100)).isEqualTo(100);
    Run fromFile = run("--index", idx.toString(), "--queries", tmp.resolve("q.fvecs").toString(), "--L", "20", "--cache-nodes", "60");
    assertThat(fromFile.exit()).as(fromFile.err()).isZero();
    assertThat(fromFile.out()).contains("cache 60 nodes: 60 from cache.vnc holds 100)");
    Run more = run("--index", idx.toString(), "--queries", tmp.resolve("q.fvecs").toString(), "--L", "20", "--cache-nodes", "150");
    assertThat(more.exit()).as(more.err()).isZero();
    assertThat(more.out()).contains("cache 150 nodes: 100 from cache.vnc holds 100, 50 more read by BFS)");
  }

  @Test
  void badInputsGiveOneLineErrors() throws IOException {
    Run missing = run("--index", tmp.resolve("nope").toString(), "--queries", tmp.resolve("q.fvecs").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("vamana: error: ").contains("graph.vdk");
    Run smallL = run("--index", tmp.resolve("idx").toString(), "--queries", tmp.resolve("q.fvecs").toString(), "--k", "10", "--L", "5");
    assertThat(smallL.exit()).isEqualTo(2);
    assertThat(smallL.err()).contains("--L 5");
    VectorStore wrongDim = new VectorStore(DIM + 1);
    wrongDim.append(new float[DIM + 1]);
    writeFvecs(tmp.resolve("bad.fvecs"), wrongDim);
    Run dim = run("--index", tmp.resolve("idx").toString(), "--queries", tmp.resolve("bad.fvecs").toString());
    assertThat(dim.exit()).isEqualTo(1);
    assertThat(dim.err()).contains("dimension 17");
    Files.write(tmp.resolve("trunc.fvecs"), new byte[] {16, 0, 0, 0, 1, 2});
    Run trunc = run("--index", tmp.resolve("idx").toString(), "--queries", tmp.resolve("trunc.fvecs").toString());
    assertThat(trunc.exit()).isEqualTo(1);
    assertThat(trunc.err()).contains("trunc.fvecs");
  }
}
