package dev.vamana.cli;

import dev.vamana.io.VectorFileWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;

/** Runs {@code vamana} in-process on small seeded data written to a temporary directory. */
final class CliHarness {
  record Result(int code, String out, String err) {}

  private CliHarness() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VamanaCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Clustered gaussian vectors: {@code clusters} centres, points spread around them. */
  static float[][] clustered(int n, int dim, int clusters, long seed) {
    Random rnd = new Random(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int j = 0; j < dim; j++) {
        c[j] = (float) rnd.nextGaussian() * 4;
      }
    }
    float[][] v = new float[n][dim];
    for (int i = 0; i < n; i++) {
      float[] c = centres[rnd.nextInt(clusters)];
      for (int j = 0; j < dim; j++) {
        v[i][j] = c[j] + (float) rnd.nextGaussian();
      }
    }
    return v;
  }

  static Path writeFvecs(Path file, float[][] rows) {
    VectorFileWriter.writeVectors(file, rows);
    return file;
  }
}
