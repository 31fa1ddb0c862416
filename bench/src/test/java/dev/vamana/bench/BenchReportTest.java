package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static ResultRow row(String e, int p, double recall, double qps) {
    return new ResultRow(e, Integer.toString(p), recall, qps, 1, 2, 3.5, 1000);
  }

  @Test
  void summaryInterpolatesQpsAtEachTargetAndSaysNaWhenUnreached() {
    var a = new SideBySideBench.EngineResult("a", "s", "L", 3.5, 1000,
        List.of(row("a", 10, 0.80, 1000), row("a", 20, 1.00, 500)), new double[] {100, 200});
    var b = new SideBySideBench.EngineResult("b", "s", "ef", 3.5, 1000,
        List.of(row("b", 10, 0.85, 800), row("b", 20, 0.94, 400)), new double[] {Double.NaN, 300.4});
    List<String> lines = BenchReport.qpsAtRecall(List.of(a, b));
    // a: 0.90 is half way from 0.80 to 1.00 -> 750; 0.95 -> 625; 0.99 -> 525
    assertThat(lines.get(1).split("\\s+")).containsExactly("a", "750", "625", "525");
    // b: 0.90 -> 800 - 400 * (0.05 / 0.09) = 577.8; 0.95 and 0.99 unreached
    assertThat(lines.get(2).split("\\s+")).containsExactly("b", "578", "n/a", "n/a");
    assertThat(BenchReport.distancesPerQuery(List.of(a, b)))
        .containsExactly("# a                10:100 20:200", "# b                10:n/a 20:300");
  }

  @Test
  void headerNamesMachineSimdAndData() {
    List<String> h = BenchReport.header("base.fvecs", 1000, 384, Metric.COSINE, 10, "q.fvecs", 50,
        "gt.ivecs", 2);
    String all = String.join("\n", h);
    assertThat(all).contains("cores=" + Runtime.getRuntime().availableProcessors())
        .contains("jvm=").contains(Runtime.version().toString())
        .contains("simd: " + Kernels.get().description())
        .contains("data: base.fvecs n=1000 dim=384 metric=cosine")
        .contains("k=10");
    assertThat(h).allSatisfy(line -> assertThat(line).startsWith("#"));
  }

  @Test
  void csvHeaderIsTheBenchColumns() {
    assertThat(CsvResultWriter.toCsv(List.of(row("a", 10, 0.9, 100))).lines().findFirst())
        .contains("engine,param,recall,qps,mean_ms,p99_ms,build_s,index_bytes,reads_per_query,ram_bytes");
  }

  @Test
  void humanBytesUsesBinaryUnits() {
    assertThat(BenchReport.humanBytes(512)).isEqualTo("512 B");
    assertThat(BenchReport.humanBytes(3L << 20)).isEqualTo("3.0 MiB");
  }
}
