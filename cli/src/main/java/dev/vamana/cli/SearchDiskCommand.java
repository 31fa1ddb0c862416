package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.disk.DiskIndex;
import dev.vamana.disk.DiskIndexWriter;
import dev.vamana.disk.DiskSearchResult;
import dev.vamana.disk.IoMode;
import dev.vamana.disk.ReadConcurrency;
import dev.vamana.io.VectorFileReader;
import dev.vamana.quant.PqDistanceTable;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Kernels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vamana search-disk}: runs a query file against an SSD index for each list size L and
 * prints recall@k (with {@code --gt}), QPS, mean and p99 latency, the means of disk reads, hops,
 * bytes and I/O time per query, and the RAM the searcher holds. One instance per invocation.
 */
@Command(name = "search-disk", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Search an SSD index (build-disk) with a query file, sweeping the list size L.")
public final class SearchDiskCommand extends CliCommand {
  @Option(names = "--index", required = true, paramLabel = "DIR", description = "SSD index directory.")
  Path indexDir;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "Query vectors (.fvecs, .bvecs, .fbin, .u8bin, .i8bin).")
  Path queriesFile;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--L", split = ",", defaultValue = "10,20,40,80,160", paramLabel = "L[,L...]",
      description = "Candidate list sizes to sweep, each >= k (default ${DEFAULT-VALUE}).")
  int[] listSizes;

  @Option(names = "--W", defaultValue = "4", description = "Beam width: blocks read per round (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--cache-nodes", defaultValue = "0", paramLabel = "N",
      description = "Nodes around the medoid kept in RAM, in BFS order: loaded from the side file cache.vnc when the index has one, "
          + "the rest (or all, without the file) read from the layout file (default ${DEFAULT-VALUE}).")
  int cacheNodes;

  @Option(names = "--threads", defaultValue = "1", description = "Query threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--io", defaultValue = "direct", paramLabel = "direct|mmap",
      description = "direct: O_DIRECT reads bypassing the page cache; mmap: memory-mapped (default ${DEFAULT-VALUE}).")
  String io;

  @Option(names = "--read-concurrency", defaultValue = "pool", paramLabel = "pool|virtual|serial",
      description = "How the W reads of a round are kept in flight with --io direct (default ${DEFAULT-VALUE}).")
  String concurrency;

  @Option(names = "--read-threads", defaultValue = "8", description = "Threads of the read pool (default ${DEFAULT-VALUE}).")
  int readThreads;

  @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured passes before the sweep (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--gt", paramLabel = "FILE", description = "Ground truth (.ivecs, .ibin or DiskANN .gt).")
  Path gtFile;

  @Option(names = "--csv", paramLabel = "OUT.csv", description = "Write one row per L.")
  Path csv;

  @Option(names = "--out", paramLabel = "FILE.ivecs", description = "Write the top-k ids of each query for the last L.")
  Path out;

  @Option(names = "--no-verify", description = "Skip the checksum of the layout file on open (it reads the whole file).")
  boolean noVerify;

  private record Batch(long[][] ids, long[] nanos, long wallNanos, double reads, double hops, double bytes, double ioMs, double cacheHits) {}

  @Override
  protected int execute() {
    return run(out());
  }

  private int run(PrintWriter o) throws VamanaException {
    if (k < 1) {
      throw usage("--k must be at least 1, got " + k);
    }
    for (int l : listSizes) {
      if (l < k) {
        throw usage("--L " + l + " is smaller than --k " + k + " (the list must hold k results)");
      }
    }
    if (threads < 1) {
      throw usage("--threads must be at least 1, got " + threads);
    }
    if (width < 1 || width > 64) {
      throw usage("--W must be in 1..64, got " + width);
    }
    VectorStore queryStore = VectorFileReader.readVectors(queriesFile);
    float[][] queries = new float[queryStore.size()][];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = queryStore.get(i);
    }
    int[][] gt = gtFile == null ? null : VectorFileReader.readGroundTruth(gtFile).ids();
    if (gt != null && (gt.length < queries.length || gt[0].length < k)) {
      throw new VamanaException(gtFile + ": ground truth has " + gt.length + " rows of " + gt[0].length
          + " ids; need " + queries.length + " rows of at least " + k);
    }
    DiskIndex.Options opts = new DiskIndex.Options(IoMode.parse(io), ReadConcurrency.parse(concurrency), readThreads,
        cacheNodes, width, !noVerify);
    long t0 = System.nanoTime();
    try (DiskIndex index = DiskIndex.open(indexDir, opts)) {
      double openS = (System.nanoTime() - t0) / 1e9;
      if (queries.length > 0 && queries[0].length != index.dimension()) {
        throw new VamanaException(queriesFile + ": queries have dimension " + queries[0].length + ", the index "
            + indexDir + " has " + index.dimension());
      }
      if (k > index.size()) {
        throw new VamanaException("--k " + k + " is larger than the " + index.size() + " vectors in " + indexDir);
      }
      long indexBytes = DiskCliSupport.directoryBytes(indexDir);
      o.printf(Locale.ROOT, "index %s: %,d vectors, dimension %d, %s, PQ %d bytes, R %d, %d nodes per block of %d bytes; "
              + "opened in %.2f s (cache %,d nodes: %s)%n", indexDir, index.size(), index.dimension(), index.metric().shortName(),
          index.quantizer().m(), index.layout().maxDegree(), index.layout().nodesPerBlock(), index.layout().blockBytes(), openS,
          index.cachedNodes(), cacheSource(index));
      String ioDesc = IoMode.parse(io) == IoMode.MMAP ? "mmap"
          : index.bypassesPageCache() ? "direct (" + concurrency + ")"
          : "buffered (" + concurrency + "; the file system refused O_DIRECT)";
      PqDistanceTable adc = index.quantizer().newTable();
      o.printf(Locale.ROOT, "%,d queries, k=%d, W=%d, threads=%d, io=%s, kernels=%s, PQ sums %s%s%n", queries.length, k, width, threads,
          ioDesc, Kernels.get().description(), adc.kernel().name().toLowerCase(Locale.ROOT), adc.blocked() ? " (blocked batches)" : "");
      int maxL = Arrays.stream(listSizes).max().orElseThrow();
      for (int w = 0; w < warmup; w++) {
        runBatch(index, queries, maxL);
      }
      o.printf(Locale.ROOT, "%6s %9s %9s %8s %8s %8s %6s %9s %8s %12s%n", "L", "recall@" + k, "QPS", "mean_ms", "p99_ms",
          "reads/q", "hops", "KiB/q", "io_ms/q", "ram_bytes");
      StringBuilder csvText = new StringBuilder("engine,param,recall,qps,mean_ms,p99_ms,build_s,index_bytes,reads_per_query,ram_bytes\n");
      Batch last = null;
      for (int l : listSizes) {
        Batch b = runBatch(index, queries, l);
        double recall = gt == null ? Double.NaN : recall(b.ids, gt, k);
        long[] sorted = b.nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(b.nanos).average().orElse(0) / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1e6;
        double qps = queries.length / (b.wallNanos / 1e9);
        long ram = index.ramBytes();
        o.printf(Locale.ROOT, "%6d %9s %9.1f %8.3f %8.3f %8.1f %6.1f %9.1f %8.3f %12d%n", l,
            gt == null ? "-" : String.format(Locale.ROOT, "%.4f", recall), qps, mean, p99, b.reads, b.hops, b.bytes / 1024,
            b.ioMs, ram);
        o.flush();
        csvText.append(String.format(Locale.ROOT, "vamana-disk,%d,%s,%.1f,%.4f,%.4f,,%d,%.2f,%d%n", l,
            gt == null ? "" : String.format(Locale.ROOT, "%.4f", recall), qps, mean, p99, indexBytes, b.reads, ram));
        last = b;
      }
      long ram = index.ramBytes();
      o.printf(Locale.ROOT, "searcher RAM: %,d bytes = %.1f%% of the %,d bytes of raw float32 vectors (PQ codes, ids, cache %,d nodes, "
          + "search buffers)%n", ram, 100.0 * ram / index.rawVectorBytes(), index.rawVectorBytes(), index.cachedNodes());
      if (csv != null) {
        DiskCliSupport.writeText(csv, csvText.toString());
        o.println("wrote " + csv);
      }
      if (out != null && last != null) {
        DiskCliSupport.writeIvecs(out, last.ids);
        o.println("wrote top-" + k + " ids for L=" + listSizes[listSizes.length - 1] + " to " + out);
      }
    }
    return 0;
  }

  /** Where the node cache came from: the side file, BFS reads of the layout, or both. */
  static String cacheSource(DiskIndex index) {
    int total = index.cachedNodes(), fromFile = index.cachedNodesFromFile(), read = total - fromFile;
    String file = DiskIndexWriter.CACHE;
    if (index.cacheFileNodes() < 0) {
      return total == 0 ? "no " + file : "no " + file + ", " + String.format(Locale.ROOT, "%,d", read) + " read by BFS";
    }
    String held = String.format(Locale.ROOT, "%s holds %,d", file, index.cacheFileNodes());
    if (total == 0) {
      return held;
    }
    return read == 0 ? String.format(Locale.ROOT, "%,d from %s", fromFile, held)
        : String.format(Locale.ROOT, "%,d from %s, %,d more read by BFS", fromFile, held, read);
  }

  static double recall(long[][] found, int[][] gt, int k) {
    double sum = 0;
    for (int q = 0; q < found.length; q++) {
      int hit = 0;
      for (int j = 0; j < k; j++) {
        int t = gt[q][j];
        for (long f : found[q]) {
          if (f == t) {
            hit++;
            break;
          }
        }
      }
      sum += hit / (double) k;
    }
    return found.length == 0 ? 0 : sum / found.length;
  }

  private Batch runBatch(DiskIndex index, float[][] queries, int l) {
    int nq = queries.length;
    long[][] ids = new long[nq][];
    long[] nanos = new long[nq];
    DiskSearchResult[] results = new DiskSearchResult[nq];
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int q; (q = next.getAndIncrement()) < nq; ) {
        long t = System.nanoTime();
        DiskSearchResult r = index.search(queries[q], k, l, width);
        nanos[q] = System.nanoTime() - t;
        ids[q] = r.ids();
        results[q] = r;
      }
    };
    if (threads == 1) {
      worker.run();
    } else {
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          fs.add(pool.submit(worker));
        }
        for (Future<?> f : fs) {
          try {
            f.get();
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new VamanaException("interrupted", ex);
          } catch (java.util.concurrent.ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException re ? re : new VamanaException(ex.getCause().toString(), ex.getCause());
          }
        }
      }
    }
    long wall = System.nanoTime() - start;
    double reads = 0, hops = 0, bytes = 0, ioMs = 0, hits = 0;
    for (DiskSearchResult r : results) {
      reads += r.reads();
      hops += r.hops();
      bytes += r.bytesRead();
      ioMs += r.ioNanos() / 1e6;
      hits += r.cacheHits();
    }
    int n = Math.max(1, nq);
    return new Batch(ids, nanos, wall, reads / n, hops / n, bytes / n, ioMs / n, hits / n);
  }
}
