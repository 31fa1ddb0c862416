package dev.vamana.quant;

/**
 * How {@link PqDistanceTable} sums the {@code M} table lookups of a PQ code. {@link #AUTO} (the
 * default) takes the kernel measured fastest with the JMH benchmark {@code PqAdcBenchmark} (see
 * {@code PqDistanceTable.kernelFor} and docs/ssd-index.md), or the one named by the system property
 * {@code vamana.adc}; the others force one kernel, for benchmarks and tests. The gather kernels
 * need the {@code jdk.incubator.vector} module and at least 8 float lanes; without them (or with
 * {@code -Dvamana.simd=false}) they fall back to {@link #SCALAR_WIDE}.
 *
 * <p>Immutable constants, thread-safe.
 */
public enum AdcKernel {
  /** The measured default (or {@code -Dvamana.adc=NAME}). */
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
