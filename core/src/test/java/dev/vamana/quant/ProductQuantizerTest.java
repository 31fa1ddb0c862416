package dev.vamana.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vamana.VamanaException;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProductQuantizerTest {
  private static final int N = 3000;
  private static final int DIM = 32;

  @TempDir Path dir;

  private static ProductQuantizer train(VectorStore data, Metric metric, int m) {
    return ProductQuantizer.train(VectorSource.of(data), metric, m,
        new ProductQuantizer.TrainingOptions(N, 10, 7L, 2), null);
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void pqDistancesRankLikeExactDistances(Metric metric) {
    VectorStore data = ClusteredData.generate(N, DIM, 20, 1L);
    ProductQuantizer pq = train(data, metric, 8);
    PqCodes codes = pq.encodeAll(VectorSource.of(data), 2, null);
    PqDistanceTable table = pq.newTable();
    double meanRho = 0;
    for (int qi = 0; qi < 5; qi++) {
      float[] q = Vectors.prepare(metric, data.get(qi * 97 + 3), "q");
      q = q.clone();
      for (int j = 0; j < DIM; j++) {
        q[j] += 0.05f * (j % 3 - 1);
      }
      q = Vectors.prepare(metric, q, "q");
      table.prepare(q);
      double[] exact = new double[N];
      double[] approx = new double[N];
      for (int i = 0; i < N; i++) {
        exact[i] = metric.distance(Kernels.get(), q, Vectors.prepare(metric, data.get(i), "v"));
        approx[i] = table.distance(codes, i);
      }
      meanRho += spearman(exact, approx) / 5;
    }
    assertThat(meanRho).as("Spearman rank correlation of PQ vs exact distance").isGreaterThan(0.9);
  }

  @Test
  void pqDistanceApproximatesDistanceToDecodedVector() {
    VectorStore data = ClusteredData.generate(N, DIM, 20, 2L);
    ProductQuantizer pq = train(data, Metric.L2, 8);
    PqCodes codes = pq.encodeAll(VectorSource.of(data), 2, null);
    float[] q = data.get(10);
    PqDistanceTable t = pq.newTable().prepare(q);
    float[] decoded = new float[DIM];
    pq.decode(codes.segment(), codes.offset(77), decoded);
    assertThat(t.distance(codes, 77)).isCloseTo(Metric.L2.distance(Kernels.scalar(), q, decoded), org.assertj.core.data.Offset.offset(1e-3f));
  }

  @Test
  void saveAndOpenRoundTripKeepsCodebooksAndCodes() throws IOException {
    VectorStore data = ClusteredData.generate(N, DIM, 20, 3L);
    ProductQuantizer pq = train(data, Metric.COSINE, 6); // 32 = 6 sub-spaces of 5 or 6 dims
    PqCodes codes = pq.encodeAll(VectorSource.of(data), 2, null);
    Path f = dir.resolve("pq.vpq");
    pq.save(f, 1234L, codes);
    ProductQuantizer.Loaded back = ProductQuantizer.open(f);
    assertThat(back.indexId()).isEqualTo(1234L);
    assertThat(back.quantizer().m()).isEqualTo(6);
    assertThat(back.quantizer().metric()).isEqualTo(Metric.COSINE);
    assertThat(back.codes().segment().asSlice(0, codes.bytes()).mismatch(codes.segment().asSlice(0, codes.bytes()))).isEqualTo(-1);
    float[] q = Vectors.normalized(data.get(5), "q");
    PqDistanceTable a = pq.newTable().prepare(q), b = back.quantizer().newTable().prepare(q);
    for (int i = 0; i < 100; i++) {
      assertThat(b.distance(back.codes(), i)).isEqualTo(a.distance(codes, i));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("pq.vpq");
    }
  }

  @Test
  void flippedByteIsDetectedOnOpen() throws IOException {
    VectorStore data = ClusteredData.generate(500, DIM, 5, 4L);
    ProductQuantizer pq = ProductQuantizer.train(VectorSource.of(data), Metric.L2, 4, new ProductQuantizer.TrainingOptions(500, 3, 1L, 1), null);
    Path f = dir.resolve("pq.vpq");
    pq.save(f, 1L, pq.encodeAll(VectorSource.of(data), 1, null));
    long size = Files.size(f);
    for (long pos : new long[] {0, 40, size / 2, size - 20}) {
      flip(f, pos);
      assertThatThrownBy(() -> ProductQuantizer.open(f)).isInstanceOf(VamanaException.class).hasMessageContaining("pq.vpq");
      flip(f, pos);
    }
    assertThat(ProductQuantizer.open(f).codes().size()).isEqualTo(500);
  }

  @Test
  void truncatedFileIsRejected() throws IOException {
    VectorStore data = ClusteredData.generate(300, DIM, 5, 4L);
    ProductQuantizer pq = ProductQuantizer.train(VectorSource.of(data), Metric.L2, 4, new ProductQuantizer.TrainingOptions(300, 2, 1L, 1), null);
    Path f = dir.resolve("pq.vpq");
    pq.save(f, 1L, null);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 100);
    }
    assertThatThrownBy(() -> ProductQuantizer.open(f)).isInstanceOf(VamanaException.class);
  }

  @Test
  void budgetGivesBytesPerVectorWithinDimension() {
    assertThat(ProductQuantizer.bytesForBudget(1_000_000 + 4 * 256 * 64, 0, 10_000, 64)).isEqualTo(64);
    assertThat(ProductQuantizer.bytesForBudget(320_000 + 4 * 256 * 64, 0, 10_000, 64)).isEqualTo(32);
    assertThatThrownBy(() -> ProductQuantizer.bytesForBudget(1000, 0, 10_000, 64)).isInstanceOf(VamanaException.class)
        .hasMessageContaining("--search-memory");
  }

  @Test
  void badMIsRejected() {
    VectorStore data = ClusteredData.generate(100, 8, 2, 4L);
    assertThatThrownBy(() -> ProductQuantizer.train(VectorSource.of(data), Metric.L2, 9, ProductQuantizer.TrainingOptions.defaults(), null))
        .isInstanceOf(VamanaException.class).hasMessageContaining("M");
  }

  static void flip(Path f, long pos) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, pos);
      b.put(0, (byte) (b.get(0) ^ 0x10));
      b.rewind();
      ch.write(b, pos);
    }
  }

  static double spearman(double[] a, double[] b) {
    double[] ra = ranks(a), rb = ranks(b);
    double ma = Arrays.stream(ra).average().orElse(0), mb = Arrays.stream(rb).average().orElse(0);
    double num = 0, da = 0, db = 0;
    for (int i = 0; i < a.length; i++) {
      num += (ra[i] - ma) * (rb[i] - mb);
      da += (ra[i] - ma) * (ra[i] - ma);
      db += (rb[i] - mb) * (rb[i] - mb);
    }
    return num / Math.sqrt(da * db);
  }

  private static double[] ranks(double[] x) {
    Integer[] idx = IntStream.range(0, x.length).boxed().toArray(Integer[]::new);
    Arrays.sort(idx, Comparator.comparingDouble(i -> x[i]));
    double[] r = new double[x.length];
    for (int i = 0; i < idx.length; i++) {
      r[idx[i]] = i;
    }
    return r;
  }
}
