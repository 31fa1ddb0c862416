package dev.vamana.bench.jmh;

import dev.vamana.io.VectorSource;
import dev.vamana.quant.AdcKernel;
import dev.vamana.quant.PqCodes;
import dev.vamana.quant.PqDistanceTable;
import dev.vamana.quant.ProductQuantizer;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the PQ asymmetric distance (the per-code sum of M table lookups) with each
 * {@link AdcKernel}: scalar byte loads, scalar 64-bit loads, and the Vector API gathers (256-bit and
 * the preferred species), for M = 16..128 over 4,096 random codes visited in a shuffled order (as the
 * neighbours of a beam search are): {@code distance} one code at a time, {@code distances} in
 * batches of 64 (the neighbour list of one expanded node). Average time per code in nanoseconds.
 *
 * <p>Run (see {@code bench/README.md}):
 *
 * <pre>
 * ./mvnw -B -ntp -o package -pl bench -am -Pjmh -DskipTests
 * flock /tmp/vamana-bench.lock java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -jar bench/target/benchmarks.jar PqAdcBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 *
 * <p>Each trial owns its quantizer, codes and table; JMH runs one benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PqAdcBenchmark {
  private static final int CODES = 4096;
  private static final int DIM = 384;
  /** Codes per batch: the neighbours of one expanded node at R = 64. */
  private static final int BATCH = 64;

  @Param({"16", "32", "48", "64", "96", "128"})
  public int m;

  @Param({"SCALAR", "SCALAR_WIDE", "GATHER_256", "GATHER_PREFERRED"})
  public String kernel;

  /** For {@code distances}: batches scored block by block, or code by code. */
  @Param({"false", "true"})
  public boolean blocked;

  private PqDistanceTable table;
  private PqCodes codes;
  private int[] order;
  private int[][] batches;
  private float[] out = new float[BATCH];

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    VectorStore train = new VectorStore(DIM, 512);
    float[] v = new float[DIM];
    for (int i = 0; i < 512; i++) {
      for (int j = 0; j < DIM; j++) {
        v[j] = (float) rnd.nextDouble(-1, 1);
      }
      train.append(v);
    }
    ProductQuantizer pq = ProductQuantizer.train(VectorSource.of(train), Metric.L2, m,
        new ProductQuantizer.TrainingOptions(512, 1, 1L, 1), null);
    AdcKernel k = AdcKernel.valueOf(kernel);
    table = pq.newTable(k, blocked);
    if (table.kernel() != k || (table.blocked() != blocked && k != AdcKernel.SCALAR)) {
      throw new IllegalStateException(k + " unavailable here (resolved to " + table.kernel() + ")");
    }
    table.prepare(train.get(7));
    codes = PqCodes.allocate(CODES, m);
    MemorySegment seg = codes.segment();
    for (long b = 0; b < (long) CODES * m; b++) {
      seg.set(ValueLayout.JAVA_BYTE, b, (byte) rnd.nextInt(256));
    }
    order = new int[CODES];
    for (int i = 0; i < CODES; i++) {
      order[i] = i;
    }
    for (int i = CODES - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    batches = new int[CODES / BATCH][];
    for (int b = 0; b < batches.length; b++) {
      batches[b] = java.util.Arrays.copyOfRange(order, b * BATCH, (b + 1) * BATCH);
    }
  }

  @Benchmark
  @OperationsPerInvocation(CODES)
  public float distances() {
    float s = 0;
    for (int[] b : batches) {
      table.distances(codes, b, BATCH, out);
      s += out[0] + out[BATCH - 1];
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(CODES)
  public float distance() {
    float s = 0;
    for (int i : order) {
      s += table.distance(codes, i);
    }
    return s;
  }
}
