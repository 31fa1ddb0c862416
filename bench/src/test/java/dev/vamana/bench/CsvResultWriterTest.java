package dev.vamana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvResultWriterTest {
  @TempDir Path dir;

  @Test
  void writesHeaderAndRowsWithFixedFormat() throws Exception {
    Path f = dir.resolve("out.csv");
    List<ResultRow> rows = List.of(
        new ResultRow("vamana", "40", 0.9512, 5123.456, 0.19512, 0.4, 12.3456, 123456789L),
        new ResultRow("lucene", "ef=100", Double.NaN, 100, 10, 20, -1, -1),
        new ResultRow("vamana-disk@t2", "20", 0.98, 650, 1.5, 2.6, 85, 127789972L, 21.678, 12086561L));
    CsvResultWriter.write(f, rows);
    assertThat(Files.readAllLines(f)).containsExactly(
        "engine,param,recall,qps,mean_ms,p99_ms,build_s,index_bytes,reads_per_query,ram_bytes",
        "vamana,40,0.9512,5123.5,0.1951,0.4000,12.346,123456789,,",
        "lucene,ef=100,,100.0,10.0000,20.0000,,,,",
        "vamana-disk@t2,20,0.9800,650.0,1.5000,2.6000,85.000,127789972,21.68,12086561");
  }

  @Test
  void replacesExistingFileAndLeavesNoTemporaryFiles() throws Exception {
    Path f = dir.resolve("out.csv");
    Files.writeString(f, "old content that is longer than the new one\n".repeat(10));
    CsvResultWriter.write(f, List.of());
    assertThat(Files.readString(f)).isEqualTo(ResultRow.HEADER + "\n");
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).containsExactly(f);
    }
  }

  @Test
  void unwritablePathThrowsNamingTheFileAndLeavesNothing() {
    Path f = dir.resolve("no-such-dir").resolve("out.csv");
    assertThatThrownBy(() -> CsvResultWriter.write(f, List.of()))
        .isInstanceOf(VamanaException.class).hasMessageContaining(f.toString());
    assertThat(Files.exists(f)).isFalse();
  }

  @Test
  void directoryAsTargetIsRejected() {
    assertThatThrownBy(() -> CsvResultWriter.write(dir, List.of()))
        .isInstanceOf(VamanaException.class).hasMessageContaining("is a directory");
  }

  @Test
  void rowRejectsCommaInEngineName() {
    assertThatThrownBy(() -> new ResultRow("a,b", "1", 1, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
