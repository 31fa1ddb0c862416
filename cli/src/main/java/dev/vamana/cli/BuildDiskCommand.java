package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.disk.DiskIndexBuilder;
import dev.vamana.disk.DiskIndexWriter;
import dev.vamana.disk.NodeCacheFile;
import dev.vamana.disk.VamanaGraphBuilder;
import dev.vamana.io.MappedVectorFile;
import dev.vamana.vector.Metric;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vamana build-disk}: builds an SSD index (layout file, PQ codes, id map, node-cache side file) from a vector file,
 * in memory when {@code --build-memory} allows, else partitioned; a progress bar per phase and the
 * time of each phase on stderr. One instance per invocation.
 */
@Command(name = "build-disk", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Build an SSD index: PQ codes in RAM, full vectors and graph on disk.")
public final class BuildDiskCommand extends CliCommand {
  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Base vectors (.fvecs or .fbin).")
  Path data;

  @Option(names = "--metric", required = true, paramLabel = "l2|ip|cosine", description = "Distance.")
  String metric;

  @Option(names = "--R", defaultValue = "64", description = "Max degree (default ${DEFAULT-VALUE}).")
  int r;

  @Option(names = "--L", defaultValue = "100", description = "Build list size (default ${DEFAULT-VALUE}).")
  int l;

  @Option(names = "--alpha", defaultValue = "1.2", description = "RobustPrune alpha (default ${DEFAULT-VALUE}).")
  float alpha;

  static final class PqSize {
    @Option(names = "--pq-bytes", paramLabel = "B", description = "PQ bytes per vector.")
    Integer pqBytes;

    @Option(names = "--search-memory", paramLabel = "GB", description = "Searcher RAM budget (GB, or 512M...): PQ bytes derived from it.")
    String searchMemory;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  PqSize pq;

  @Option(names = "--build-memory", paramLabel = "GB", description = "Build RAM budget (GB, or 512M...); partitioned build when the one-shot one exceeds it.")
  String buildMemory;

  @Option(names = "--shards", defaultValue = "0", description = "Force a partitioned build with this many shards (default: from --build-memory).")
  int shards;

  @Option(names = "--threads", description = "Build threads (default: all cores).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--pq-sample", defaultValue = "32768", description = "PQ training sample, at most 262144 (default ${DEFAULT-VALUE}).")
  int pqSample;

  @Option(names = "--cache-nodes", defaultValue = "10000", paramLabel = "N",
      description = "Write the first N nodes of the BFS from the medoid to the node-cache side file cache.vnc, so that "
          + "search-disk --cache-nodes M <= N loads its cache without reading the graph; 0 writes none (default ${DEFAULT-VALUE}, "
          + "capped at the number of vectors).")
  int cacheNodes;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  protected int execute() {
    return run(out(), err());
  }

  private int run(PrintWriter o, PrintWriter e) {
    Metric m = Metric.parse(metric);
    if (pqSample < 1 || pqSample > 262_144) {
      throw new VamanaException("--pq-sample " + pqSample + " out of range (1..262144)");
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw new VamanaException("--threads must be at least 1, got " + t);
    }
    if (l < 1) {
      throw new VamanaException("--L must be at least 1, got " + l);
    }
    if (cacheNodes < 0) {
      throw new VamanaException("--cache-nodes must be >= 0, got " + cacheNodes);
    }
    DiskIndexBuilder b = DiskIndexBuilder.builder().metric(m).maxDegree(r).alpha(alpha).threads(t).seed(seed)
        .pqSample(pqSample).shards(shards).graphBuilder(new VamanaGraphBuilder(l, alpha, t, seed));
    if (pq.pqBytes != null) {
      if (pq.pqBytes < 1) {
        throw new VamanaException("--pq-bytes must be at least 1, got " + pq.pqBytes);
      }
      b.pqBytes(pq.pqBytes);
    } else {
      b.searchMemoryBytes(DiskCliSupport.parseBytes(pq.searchMemory, "--search-memory"));
    }
    long budget = buildMemory == null ? 0 : DiskCliSupport.parseBytes(buildMemory, "--build-memory");
    b.buildMemoryBytes(budget);
    try (MappedVectorFile src = MappedVectorFile.open(data)) {
      if (src.size() == 0) {
        throw new VamanaException(data + ": no vectors");
      }
      o.printf(Locale.ROOT, "building SSD index of %s: %,d x %d, %s, R=%d L=%d alpha=%.2f, %d threads%n", data, src.size(),
          src.dimension(), m.shortName(), r, l, alpha, t);
      if (budget > 0) {
        // pages of a mapped input would count in the process's memory: read it through the page cache
        src.readWithoutMapping();
        long heap = DiskIndexBuilder.plannedHeap(budget, 0);
        long maxHeap = Runtime.getRuntime().maxMemory();
        o.printf(Locale.ROOT, "build memory budget %,d bytes: JVM heap %,d bytes of it%n", budget, heap);
        if (maxHeap > heap * 21 / 20) {
          e.printf(Locale.ROOT, "vamana: note: the JVM heap may grow to %,d bytes, more than the %,d bytes the build plans "
              + "for it, so the process may use more than --build-memory; start the JVM with -Xmx%dm (the vamana "
              + "launcher sets 30%% of --build-memory, but never less than 64m)%n", maxHeap, heap, Math.max(1, heap >> 20));
        }
      }
      o.flush();
      DiskCliSupport.PhaseBars bars = new DiskCliSupport.PhaseBars(e);
      DiskIndexBuilder.Report rep = b.build(src, null, out, bars);
      long c0 = System.nanoTime();
      int cached = NodeCacheFile.write(out, cacheNodes);
      double cacheS = (System.nanoTime() - c0) / 1e9;
      if (cached > 0) {
        o.printf(Locale.ROOT, "node cache: first %,d nodes of the BFS from the medoid written to %s in %.2f s%n", cached,
            out.resolve(DiskIndexWriter.CACHE), cacheS);
      }
      long bytes = DiskCliSupport.directoryBytes(out);
      o.printf(Locale.ROOT, "built %s in %.1f s: %s, PQ %d bytes/vector, one-shot estimate %,d bytes, index %,d bytes "
              + "(%d nodes per block of %d bytes)%n", out, rep.seconds(),
          rep.partitioned() ? "partitioned into " + rep.shards() + " shards" : "one-shot in memory", rep.pqBytes(),
          rep.oneShotEstimateBytes(), bytes, rep.layout().nodesPerBlock(), rep.layout().blockBytes());
      if (rep.plan() != null && !rep.plan().oneShot()) {
        o.printf(Locale.ROOT, "plan: at most %,d vectors per shard; planned peak %,d bytes of heap data and %,d bytes off-heap "
            + "within a heap of %,d bytes (budget %,d)%n", rep.plan().shardCap(), rep.plan().heapPeakBytes(),
            rep.plan().offHeapPeakBytes(), rep.plan().heapBytes(), rep.plan().budgetBytes());
      }
      o.printf(Locale.ROOT, "build_s=%.1f%n", rep.seconds());
    }
    return 0;
  }
}
