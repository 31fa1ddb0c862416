package dev.vamana.bench.jmh;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.VectorKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the distance kernels: {@code Kernels.get()} (SIMD when available) against
 * {@code Kernels.scalar()}, dot product and squared L2, on two heap arrays and on a heap query
 * against an off-heap {@link MemorySegment} row (the layout of {@code VectorStore}), at the
 * dimensions of common embedding models. Average time per call in nanoseconds.
 *
 * <p>Run (see {@code bench/README.md}):
 *
 * <pre>
 * ./mvnw -B -ntp -o package -pl bench -am -Pjmh -DskipTests
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -jar bench/target/benchmarks.jar KernelBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 *
 * <p>Each trial owns its arrays and segment (a confined arena closed at tear-down); JMH runs one
 * benchmark thread, so the state is not shared.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
public class KernelBenchmark {
  private static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @Param({"128", "384", "768", "1536"})
  public int dim;

  @Param({"simd", "scalar"})
  public String kernels;

  private VectorKernels k;
  private float[] a;
  private float[] b;
  private Arena arena;
  private MemorySegment seg;

  @Setup(Level.Trial)
  public void setUp() {
    k = kernels.equals("simd") ? Kernels.get() : Kernels.scalar();
    if (kernels.equals("simd") && k == Kernels.scalar()) {
      throw new IllegalStateException("SIMD kernels unavailable: run with --add-modules jdk.incubator.vector");
    }
    Random rnd = new Random(42);
    a = new float[dim];
    b = new float[dim];
    for (int i = 0; i < dim; i++) {
      a[i] = (float) rnd.nextGaussian();
      b[i] = (float) rnd.nextGaussian();
    }
    arena = Arena.ofConfined();
    seg = arena.allocate(4L * dim, 64);
    MemorySegment.copy(b, 0, seg, FLOAT_LE, 0, dim);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public float dotArray() {
    return k.dot(a, 0, b, 0, dim);
  }

  @Benchmark
  public float squaredL2Array() {
    return k.squaredL2(a, 0, b, 0, dim);
  }

  @Benchmark
  public float dotSegment() {
    return k.dot(a, seg, 0, dim);
  }

  @Benchmark
  public float squaredL2Segment() {
    return k.squaredL2(a, seg, 0, dim);
  }
}
