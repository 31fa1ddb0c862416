package dev.vamana.vector;

import java.lang.foreign.MemorySegment;

/**
 * Distance kernels over float32 vectors held in heap arrays or in off-heap / mapped memory.
 * Implementations are stateless and thread-safe, and allocate nothing per call. Segment offsets are
 * in bytes; segment data is little-endian float32.
 */
public interface VectorKernels {
  /** Inner product of {@code a[aOff..aOff+dim)} and {@code b[bOff..bOff+dim)}. */
  float dot(float[] a, int aOff, float[] b, int bOff, int dim);

  /** Squared Euclidean distance of two array slices. */
  float squaredL2(float[] a, int aOff, float[] b, int bOff, int dim);

  /** Inner product of {@code q} and the {@code dim} floats of {@code seg} at byte offset {@code off}. */
  float dot(float[] q, MemorySegment seg, long off, int dim);

  /** Squared Euclidean distance of {@code q} and the floats of {@code seg} at byte offset {@code off}. */
  float squaredL2(float[] q, MemorySegment seg, long off, int dim);

  /**
   * Inner product of {@code w[0..dim)} with {@code dim} signed bytes of {@code seg} at byte offset
   * {@code off}, each byte read as a float: the core of 8-bit scalar-quantised distances.
   */
  float dotBytes(float[] w, MemorySegment seg, long off, int dim);

  /**
   * Inner products of {@code q} with four rows at once, written to {@code out[0..4)}. Interleaving
   * the four rows' loads lets the CPU wait for several cache misses at a time, which is where a
   * graph search spends its time. The default computes them one by one.
   */
  default void dot4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1,
      MemorySegment s2, long o2, MemorySegment s3, long o3, int dim, float[] out) {
    out[0] = dot(q, s0, o0, dim);
    out[1] = dot(q, s1, o1, dim);
    out[2] = dot(q, s2, o2, dim);
    out[3] = dot(q, s3, o3, dim);
  }

  /** Squared L2 distances of {@code q} to four rows at once (see {@link #dot4}). */
  default void squaredL2x4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1,
      MemorySegment s2, long o2, MemorySegment s3, long o3, int dim, float[] out) {
    out[0] = squaredL2(q, s0, o0, dim);
    out[1] = squaredL2(q, s1, o1, dim);
    out[2] = squaredL2(q, s2, o2, dim);
    out[3] = squaredL2(q, s3, o3, dim);
  }

  /** {@link #dotBytes} of {@code w} with four byte rows at once (see {@link #dot4}). */
  default void dotBytes4(float[] w, MemorySegment s0, long o0, MemorySegment s1, long o1,
      MemorySegment s2, long o2, MemorySegment s3, long o3, int dim, float[] out) {
    out[0] = dotBytes(w, s0, o0, dim);
    out[1] = dotBytes(w, s1, o1, dim);
    out[2] = dotBytes(w, s2, o2, dim);
    out[3] = dotBytes(w, s3, o3, dim);
  }

  /** A short description for {@code vamana info} and benchmark headers, e.g. "SIMD 512-bit". */
  String description();
}
