package dev.vamana.cli;

import dev.vamana.bench.ClusteredGenerator;
import dev.vamana.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vamana synth}: writes a seeded synthetic clustered vector file (see {@link
 * ClusteredGenerator}) for scale benchmarks, atomically, with a progress bar.
 */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write seeded synthetic clustered vectors (.fvecs or .fbin) for benchmarks.")
public final class SynthCommand extends CliCommand {
  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .fvecs or .fbin file.")
  Path out;

  @Option(names = "--n", required = true, description = "Number of vectors.")
  int n;

  @Option(names = "--dim", required = true, description = "Dimension.")
  int dim;

  @Option(names = "--clusters", defaultValue = "1000", description = "Gaussian clusters (default ${DEFAULT-VALUE}).")
  int clusters;

  @Option(names = "--sigma", defaultValue = "0.3", description = "Noise per coordinate (default ${DEFAULT-VALUE}); centres lie in [-1, 1]^dim.")
  double sigma;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the points (default ${DEFAULT-VALUE}); queries: another seed.")
  long seed;

  @Option(names = "--centre-seed", defaultValue = "12345", description = "Seed of the cluster centres (default ${DEFAULT-VALUE}).")
  long centreSeed;

  @Override
  protected int execute() {
    if (n < 1) {
      throw usage("--n must be at least 1, got " + n);
    }
    if (dim < 1) {
      throw usage("--dim must be at least 1, got " + dim);
    }
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean fbin = name.endsWith(".fbin");
    if (!fbin && !name.endsWith(".fvecs")) {
      throw usage("--out " + out + " must end in .fvecs or .fbin");
    }
    ClusteredGenerator g = new ClusteredGenerator(dim, clusters, sigma, centreSeed);
    try (ProgressBars bar = ProgressBars.start("synth", n, "vectors")) {
      AtomicFiles.write(out, ch -> g.write(ch, n, seed, fbin, bar::update));
    }
    out().printf(Locale.ROOT, "wrote %,d x %d clustered vectors (%d clusters, sigma %s, seed %d, centre seed %d) to %s%n",
        n, dim, clusters, sigma, seed, centreSeed, out);
    return 0;
  }
}
