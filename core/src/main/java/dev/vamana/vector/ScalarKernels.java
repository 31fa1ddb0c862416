package dev.vamana.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain Java kernels: the reference the SIMD kernels are tested against, and the fallback when the
 * Vector API is not available. Four independent accumulators let the JIT keep the FPU busy.
 */
public final class ScalarKernels implements VectorKernels {
  static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      s0 += a[aOff + i] * b[bOff + i];
      s1 += a[aOff + i + 1] * b[bOff + i + 1];
      s2 += a[aOff + i + 2] * b[bOff + i + 2];
      s3 += a[aOff + i + 3] * b[bOff + i + 3];
    }
    for (; i < dim; i++) {
      s0 += a[aOff + i] * b[bOff + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float squaredL2(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      float d0 = a[aOff + i] - b[bOff + i];
      float d1 = a[aOff + i + 1] - b[bOff + i + 1];
      float d2 = a[aOff + i + 2] - b[bOff + i + 2];
      float d3 = a[aOff + i + 3] - b[bOff + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < dim; i++) {
      float d = a[aOff + i] - b[bOff + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float dot(float[] q, MemorySegment seg, long off, int dim) {
    float s0 = 0, s1 = 0;
    int i = 0;
    for (; i + 1 < dim; i += 2) {
      s0 += q[i] * seg.get(FLOAT_LE, off + 4L * i);
      s1 += q[i + 1] * seg.get(FLOAT_LE, off + 4L * (i + 1));
    }
    for (; i < dim; i++) {
      s0 += q[i] * seg.get(FLOAT_LE, off + 4L * i);
    }
    return s0 + s1;
  }

  @Override
  public float squaredL2(float[] q, MemorySegment seg, long off, int dim) {
    float s0 = 0, s1 = 0;
    int i = 0;
    for (; i + 1 < dim; i += 2) {
      float d0 = q[i] - seg.get(FLOAT_LE, off + 4L * i);
      float d1 = q[i + 1] - seg.get(FLOAT_LE, off + 4L * (i + 1));
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    for (; i < dim; i++) {
      float d = q[i] - seg.get(FLOAT_LE, off + 4L * i);
      s0 += d * d;
    }
    return s0 + s1;
  }

  @Override
  public float dotBytes(float[] w, MemorySegment seg, long off, int dim) {
    float s0 = 0, s1 = 0;
    int i = 0;
    for (; i + 1 < dim; i += 2) {
      s0 += w[i] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i);
      s1 += w[i + 1] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i + 1);
    }
    for (; i < dim; i++) {
      s0 += w[i] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i);
    }
    return s0 + s1;
  }

  @Override
  public String description() {
    return "scalar";
  }
}
