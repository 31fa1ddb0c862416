package dev.vamana.quant;

/**
 * How {@link PqDistanceTable} sums the {@code M} table lookups of one PQ code. {@link #AUTO} (the
 * default) picks, per {@code M}, the kernel measured fastest on the JMH benchmark
 * {@code PqAdcBenchmark} (see docs/ssd-index.md); the others force one kernel, for benchmarks and
 * tests. The gather kernels need the {@code jdk.incubator.vector} module; when it is missing (or
 * {@code -Dvamana.simd=false} is set) they fall back to {@link #SCALAR_WIDE}.
 *
 * <p>Immutable constants, thread-safe.
 */
public enum AdcKernel {
  /** Chosen by M: see {@link PqDistanceTable#kernelFor}. */
  AUTO,
  /** One byte load and one table load per sub-space, four accumulators. */
  SCALAR,
  /** Eight code bytes per 64-bit load, split with shifts; four accumulators. */
  SCALAR_WIDE,
  /** Vector API: 8 sub-spaces per step, code bytes widened to int indices, one 256-bit float gather. */
  GATHER_256,
  /** Vector API: as {@link #GATHER_256} with the widest species (16 lanes on AVX-512). */
  GATHER_PREFERRED;

  /** True for the kernels that run on the Vector API. */
  public boolean simd() {
    return this == GATHER_256 || this == GATHER_PREFERRED;
  }
}
