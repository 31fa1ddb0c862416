package dev.vamana.cli;

import dev.vamana.exact.ExactSearch;
import dev.vamana.io.AtomicFiles;
import dev.vamana.io.GroundTruth;
import dev.vamana.io.VectorFileReader;
import dev.vamana.io.VectorFileWriter;
import dev.vamana.io.VectorFormat;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vamana groundtruth}: exact top-k of each query by brute force, multithreaded and SIMD. */
@Command(name = "groundtruth", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Compute the exact k nearest neighbours of each query (brute force).")
public final class GroundTruthCommand extends CliCommand {
  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Base vectors.")
  Path data;

  @Option(names = "--data-format", paramLabel = "FMT", converter = Converters.FormatConverter.class,
      description = "Format of --data when its extension does not say.")
  VectorFormat dataFormat;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "Query vectors.")
  Path queries;

  @Option(names = "--queries-format", paramLabel = "FMT", converter = Converters.FormatConverter.class,
      description = "Format of --queries when its extension does not say.")
  VectorFormat queriesFormat;

  @Option(names = "--metric", required = true, paramLabel = "l2|ip|cosine",
      converter = Converters.MetricConverter.class, description = "Distance: l2, ip or cosine.")
  Metric metric;

  @Option(names = "--k", defaultValue = "100", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--threads", description = "Threads (default: all cores).")
  Integer threads;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Output: .ivecs or .ibin (ids), or .gt (DiskANN: ids and distances).")
  Path out;

  @Override
  protected int execute() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw usage("--threads must be at least 1, got " + t);
    }
    if (k < 1) {
      throw usage("--k must be at least 1, got " + k);
    }
    VectorFormat outFormat = VectorFormat.of(out);
    if (!outFormat.holdsInts()) {
      throw usage("--out " + out + " must be an .ivecs, .ibin or .gt file");
    }
    AtomicFiles.checkWritable(out);
    VectorStore base = VectorFileReader.readVectors(data, dataFormat);
    VectorStore qs = VectorFileReader.readVectors(queries, queriesFormat);
    if (qs.dimension() != base.dimension()) {
      throw new dev.vamana.VamanaException(queries + ": queries have dimension " + qs.dimension()
          + ", but " + data + " has dimension " + base.dimension());
    }
    if (k > base.size()) {
      throw new dev.vamana.VamanaException("--k " + k + " is larger than the " + base.size()
          + " vectors in " + data);
    }
    out().printf(Locale.ROOT, "exact top-%d of %,d queries over %,d vectors (dimension %d, %s), %d threads, kernels=%s%n",
        k, qs.size(), base.size(), base.dimension(), metric.shortName(), t, Kernels.get().description());
    out().flush();
    long t0 = System.nanoTime();
    GroundTruth gt;
    try (ProgressBars bar = ProgressBars.start("groundtruth", qs.size(), "queries")) {
      gt = ExactSearch.search(base, qs, metric, k, t, bar::update);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    VectorFileWriter.writeGroundTruth(out, gt);
    out().printf(Locale.ROOT, "computed in %.2f s; wrote %s%n", s, out);
    return 0;
  }
}
