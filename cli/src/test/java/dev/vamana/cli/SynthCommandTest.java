package dev.vamana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.bench.ClusteredGenerator;
import dev.vamana.io.VectorFileReader;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
  @TempDir Path tmp;

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedOtherVectors() throws IOException {
    Path a = tmp.resolve("a.fvecs"), b = tmp.resolve("b.fvecs"), c = tmp.resolve("c.fvecs");
    assertThat(CliHarness.run("synth", "--out", a.toString(), "--n", "3000", "--dim", "24", "--seed", "7").code()).isZero();
    assertThat(CliHarness.run("synth", "--out", b.toString(), "--n", "3000", "--dim", "24", "--seed", "7").code()).isZero();
    assertThat(CliHarness.run("synth", "--out", c.toString(), "--n", "3000", "--dim", "24", "--seed", "8").code()).isZero();
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    assertThat(Files.size(a)).isEqualTo(3000L * (4 + 4 * 24));
  }

  @Test
  void pointsLieAroundTheirClusterCentresAndFbinHoldsTheSameRows() {
    Path f = tmp.resolve("p.fvecs"), g = tmp.resolve("p.fbin");
    CliHarness.run("synth", "--out", f.toString(), "--n", "2000", "--dim", "32", "--clusters", "20", "--sigma", "0.05", "--seed", "3");
    CliHarness.Result r = CliHarness.run("synth", "--out", g.toString(), "--n", "2000", "--dim", "32", "--clusters", "20",
        "--sigma", "0.05", "--seed", "3");
    assertThat(r.code()).as(r.err()).isZero();
    VectorStore v = VectorFileReader.readVectors(f, null);
    VectorStore w = VectorFileReader.readVectors(g, null);
    float[][] centres = new ClusteredGenerator(32, 20, 0.05, 12345).centres();
    double sum = 0;
    for (int i = 0; i < v.size(); i++) {
      float[] x = v.get(i);
      assertThat(w.get(i)).containsExactly(x);
      double best = Double.MAX_VALUE;
      for (float[] c : centres) {
        double d = 0;
        for (int j = 0; j < 32; j++) {
          d += (x[j] - c[j]) * (x[j] - c[j]);
        }
        best = Math.min(best, d);
      }
      sum += best;
    }
    // expected squared distance to the own centre: dim * sigma^2 = 0.08
    assertThat(sum / v.size()).isBetween(0.06, 0.10);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(CliHarness.run("synth", "--out", tmp.resolve("x.txt").toString(), "--n", "10", "--dim", "4").code()).isEqualTo(2);
    assertThat(CliHarness.run("synth", "--out", tmp.resolve("x.fvecs").toString(), "--n", "0", "--dim", "4").code()).isEqualTo(2);
    assertThat(CliHarness.run("synth", "--out", tmp.resolve("x.fvecs").toString(), "--n", "10", "--dim", "0").code()).isEqualTo(2);
    assertThat(tmp.resolve("x.fvecs")).doesNotExist();
  }
}
