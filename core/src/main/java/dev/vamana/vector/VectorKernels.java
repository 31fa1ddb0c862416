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

  /** A short description for {@code vamana info} and benchmark headers, e.g. "SIMD 512-bit". */
  String description();
}
