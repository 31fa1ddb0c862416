package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.bench.CsvResultWriter;
import dev.vamana.bench.LatencyStats;
import dev.vamana.bench.Recall;
import dev.vamana.bench.ResultRow;
import dev.vamana.graph.SearchResult;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.io.AtomicFiles;
import dev.vamana.io.GroundTruth;
import dev.vamana.io.VectorFileReader;
import dev.vamana.io.VectorFileWriter;
import dev.vamana.io.VectorFormat;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
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
 * {@code vamana search}: runs a batch of queries against a saved index for each list size L and
 * reports recall@k (with ground truth), QPS, mean and p99 latency, after a warm-up pass.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Search a saved index with a query file, sweeping the list size L.")
public final class SearchCommand extends CliCommand {
  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "Index file.")
  Path indexFile;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "Query vectors.")
  Path queriesFile;

  @Option(names = "--queries-format", paramLabel = "FMT", converter = Converters.FormatConverter.class,
      description = "Format of --queries when its extension does not say.")
  VectorFormat queriesFormat;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--L", split = ",", defaultValue = "10,20,40,80,160", paramLabel = "L[,L...]",
      description = "Search list sizes to sweep, each >= k (default ${DEFAULT-VALUE}).")
  int[] listSizes;

  @Option(names = "--gt", paramLabel = "FILE", description = "Ground truth (.ivecs, .ibin or .gt).")
  Path gtFile;

  @Option(names = "--gt-format", paramLabel = "FMT", converter = Converters.FormatConverter.class,
      description = "Format of --gt when its extension does not say.")
  VectorFormat gtFormat;

  @Option(names = "--threads", defaultValue = "1", description = "Search threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured passes over the queries before the sweep (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--out", paramLabel = "FILE.ivecs", description = "Write the top-k ids of each query for the last L.")
  Path out;

  @Option(names = "--csv", paramLabel = "OUT.csv", description = "Write one row per L with the bench's columns.")
  Path csv;

  @Override
  protected int execute() throws Exception {
    validateArguments();
    VectorStore queryStore = VectorFileReader.readVectors(queriesFile, queriesFormat);
    GroundTruth gt = gtFile == null ? null : VectorFileReader.readGroundTruth(gtFile, gtFormat);
    try (VamanaIndex index = VamanaIndex.open(indexFile)) {
      validateAgainst(index, queryStore, gt);
      float[][] queries = new float[queryStore.size()][];
      for (int i = 0; i < queries.length; i++) {
        queries[i] = queryStore.get(i);
      }
      long indexBytes = Files.size(indexFile);
      out().printf(Locale.ROOT, "index %s: %,d vectors, dimension %d, %s%s; %,d queries, k=%d, threads=%d, kernels=%s%n",
          indexFile, index.size(), index.dimension(), index.metric().shortName(),
          index.quantization() == dev.vamana.graph.Quantization.SQ8 ? ", sq8 walk" : "", queries.length, k,
          threads, Kernels.get().description());
      int maxL = Arrays.stream(listSizes).max().orElseThrow();
      for (int w = 0; w < warmup; w++) {
        runBatch(index, queries, maxL);
      }
      out().printf(Locale.ROOT, "%6s %10s %10s %9s %9s%n", "L", gt == null ? "recall" : "recall@" + k,
          "QPS", "mean_ms", "p99_ms");
      List<ResultRow> rows = new ArrayList<>();
      Batch last = null;
      for (int l : listSizes) {
        Batch b = runBatch(index, queries, l);
        double recall = gt == null ? Double.NaN : Recall.mean(Arrays.asList(b.ids), gt.ids(), k);
        LatencyStats stats = LatencyStats.of(b.nanos, b.wallNanos);
        rows.add(ResultRow.of("vamana", Integer.toString(l), recall, stats, -1, indexBytes));
        out().printf(Locale.ROOT, "%6d %10s %10.1f %9.4f %9.4f%n", l,
            gt == null ? "-" : String.format(Locale.ROOT, "%.4f", recall), stats.qps(), stats.meanMs(),
            stats.p99Ms());
        out().flush();
        last = b;
      }
      if (csv != null) {
        CsvResultWriter.write(csv, rows);
        out().println("wrote " + csv);
      }
      if (out != null) {
        VectorFileWriter.writeInts(out, toIntRows(last.ids));
        out().println("wrote top-" + k + " ids for L=" + listSizes[listSizes.length - 1] + " to " + out);
      }
    } catch (IOException e) {
      throw new VamanaException("cannot read " + indexFile + ": " + e, e);
    }
    return 0;
  }

  private void validateArguments() {
    if (k < 1) {
      throw usage("--k must be at least 1, got " + k);
    }
    if (listSizes.length == 0) {
      throw usage("--L needs at least one list size");
    }
    for (int l : listSizes) {
      if (l < k) {
        throw usage("--L " + l + " is smaller than --k " + k + " (the list must hold k results)");
      }
    }
    if (threads < 1) {
      throw usage("--threads must be at least 1, got " + threads);
    }
    if (warmup < 0) {
      throw usage("--warmup must not be negative, got " + warmup);
    }
    if (out != null) {
      VectorFormat f = VectorFormat.of(out);
      if (!f.holdsInts() || f == VectorFormat.DISKANN_GT) {
        throw usage("--out " + out + " must be an .ivecs or .ibin file");
      }
      AtomicFiles.checkWritable(out);
    }
    if (csv != null) {
      AtomicFiles.checkWritable(csv);
    }
  }

  private void validateAgainst(VamanaIndex index, VectorStore queries, GroundTruth gt) {
    if (queries.dimension() != index.dimension()) {
      throw new VamanaException(queriesFile + ": queries have dimension " + queries.dimension()
          + ", but the index " + indexFile + " has dimension " + index.dimension());
    }
    if (k > index.size()) {
      throw new VamanaException("--k " + k + " is larger than the " + index.size()
          + " vectors in " + indexFile);
    }
    if (gt != null) {
      if (gt.size() < queries.size()) {
        throw new VamanaException(gtFile + ": ground truth has " + gt.size() + " rows, fewer than the "
            + queries.size() + " queries in " + queriesFile);
      }
      if (gt.k() < k) {
        throw new VamanaException(gtFile + ": ground truth holds " + gt.k()
            + " neighbours per query, fewer than --k " + k);
      }
    }
  }

  /** Ids and per-query latencies of one pass over the queries. */
  private record Batch(long[][] ids, long[] nanos, long wallNanos) {}

  private Batch runBatch(VamanaIndex index, float[][] queries, int l) throws Exception {
    int nq = queries.length;
    long[][] ids = new long[nq][];
    long[] nanos = new long[nq];
    long start = System.nanoTime();
    if (threads == 1) {
      for (int q = 0; q < nq; q++) {
        long t = System.nanoTime();
        SearchResult r = index.search(queries[q], k, l);
        nanos[q] = System.nanoTime() - t;
        ids[q] = r.ids();
      }
    } else {
      AtomicInteger next = new AtomicInteger();
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          fs.add(pool.submit(() -> {
            for (int q; (q = next.getAndIncrement()) < nq; ) {
              long t = System.nanoTime();
              SearchResult r = index.search(queries[q], k, l);
              nanos[q] = System.nanoTime() - t;
              ids[q] = r.ids();
            }
          }));
        }
        for (Future<?> f : fs) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
          }
        }
      }
    }
    long wall = Math.max(1, System.nanoTime() - start);
    return new Batch(ids, nanos, wall);
  }

  /** Result ids as ivecs rows of exactly k ids; missing results are written as -1. */
  private int[][] toIntRows(long[][] ids) {
    int[][] rows = new int[ids.length][k];
    for (int q = 0; q < ids.length; q++) {
      Arrays.fill(rows[q], -1);
      for (int j = 0; j < Math.min(k, ids[q].length); j++) {
        long id = ids[q][j];
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
          throw new VamanaException("id " + id + " of query " + q + " does not fit an int32 for " + out);
        }
        rows[q][j] = (int) id;
      }
    }
    return rows;
  }
}
