package dev.vamana.cli;

import dev.vamana.graph.VamanaIndex;
import dev.vamana.io.AtomicFiles;
import dev.vamana.io.VectorFileReader;
import dev.vamana.io.VectorFormat;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vamana build}: reads a vector file, builds an in-memory Vamana index and saves it. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Build a Vamana index from a vector file and save it.")
public final class BuildCommand extends CliCommand {
  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Base vectors (.fvecs, .bvecs, .fbin, .u8bin, .i8bin).")
  Path data;

  @Option(names = "--format", paramLabel = "FMT", converter = Converters.FormatConverter.class,
      description = "Format of --data when its extension does not say (e.g. fbin).")
  VectorFormat format;

  @Option(names = "--metric", required = true, paramLabel = "l2|ip|cosine",
      converter = Converters.MetricConverter.class, description = "Distance: l2, ip or cosine.")
  Metric metric;

  @Option(names = "--R", defaultValue = "48", description = "Maximum out-degree (default ${DEFAULT-VALUE}).")
  int maxDegree;

  @Option(names = "--L", defaultValue = "100", description = "Build list size (default ${DEFAULT-VALUE}).")
  int buildList;

  @Option(names = "--alpha", defaultValue = "1.2", description = "Pruning alpha (default ${DEFAULT-VALUE}).")
  float alpha;

  @Option(names = "--threads", description = "Build threads (default: all cores).")
  Integer threads;

  @Option(names = "--quantization", defaultValue = "none", paramLabel = "none|sq8",
      description = "Distances of the graph walk: none (float32) or sq8 (8-bit codes, exact re-rank; "
          + "faster, dim+4 more bytes per vector). Default ${DEFAULT-VALUE}.")
  String quantization;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "INDEX", description = "Index file to write.")
  Path out;

  @Override
  protected int execute() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw usage("--threads must be at least 1, got " + t);
    }
    if (maxDegree < 1) {
      throw usage("--R must be at least 1, got " + maxDegree);
    }
    if (buildList < 1) {
      throw usage("--L must be at least 1, got " + buildList);
    }
    if (!(alpha >= 1.0f) || !Float.isFinite(alpha)) {
      throw usage("--alpha must be a finite number >= 1.0, got " + alpha);
    }
    dev.vamana.graph.Quantization q;
    try {
      q = dev.vamana.graph.Quantization.parse(quantization);
    } catch (dev.vamana.VamanaException e) {
      throw usage(e.getMessage());
    }
    AtomicFiles.checkWritable(out);

    long t0 = System.nanoTime();
    VectorStore vectors = VectorFileReader.readVectors(data, format);
    double readS = (System.nanoTime() - t0) / 1e9;
    int n = vectors.size();
    int d = vectors.dimension();
    out().printf(Locale.ROOT, "read %,d vectors of dimension %d from %s in %.2f s%n", n, d, data, readS);
    out().printf(Locale.ROOT, "building: metric=%s R=%d L=%d alpha=%.2f quantization=%s threads=%d kernels=%s%n",
        metric.shortName(), maxDegree, buildList, alpha, quantization, t, Kernels.get().description());
    out().flush();

    long t1 = System.nanoTime();
    try (VamanaIndex index = VamanaIndex.builder().dimension(d).metric(metric).maxDegree(maxDegree)
        .buildListSize(buildList).alpha(alpha).threads(t).seed(seed)
        .quantization(q).build()) {
      try (ProgressBars bar = ProgressBars.start("build", n, "vectors")) {
        index.addAll(vectors, null, bar::update);
      }
      double buildS = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      index.save(out);
      double saveS = (System.nanoTime() - t2) / 1e9;
      long fileBytes = Files.size(out);
      long mem = index.memoryBytes();
      out().printf(Locale.ROOT, "built %,d vectors in %.2f s (%.0f vectors/s with %d threads)%n",
          index.size(), buildS, n / Math.max(buildS, 1e-9), t);
      out().printf(Locale.ROOT, "memory: %,d bytes, %.1f bytes per vector (raw vector %d bytes)%n",
          mem, (double) mem / Math.max(1, index.size()), 4 * d);
      out().printf(Locale.ROOT, "saved %s (%,d bytes) in %.2f s%n", out, fileBytes, saveS);
    } catch (java.io.IOException e) {
      throw new dev.vamana.VamanaException("cannot read the size of " + out + ": " + e, e);
    }
    return 0;
  }
}
