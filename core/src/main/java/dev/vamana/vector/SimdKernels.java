package dev.vamana.vector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API with the widest float species the CPU offers (512-bit on AVX-512).
 * Four independent accumulators hide the FMA latency; the tail is done in scalar code. Loaded only
 * when the {@code jdk.incubator.vector} module is present (see {@link Kernels}).
 */
final class SimdKernels implements VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int W = S.length();
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  /** Bytes species with as many lanes as {@link #S}: one load widens into one float vector. */
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(W * 8));

  static final SimdKernels INSTANCE = new SimdKernels();

  private SimdKernels() {}

  static int lanes() {
    return W;
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
    FloatVector acc2 = FloatVector.zero(S), acc3 = FloatVector.zero(S);
    int i = 0;
    int bound4 = dim - 4 * W;
    for (; i <= bound4; i += 4 * W) {
      acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
      acc1 = FloatVector.fromArray(S, a, aOff + i + W).fma(FloatVector.fromArray(S, b, bOff + i + W), acc1);
      acc2 = FloatVector.fromArray(S, a, aOff + i + 2 * W).fma(FloatVector.fromArray(S, b, bOff + i + 2 * W), acc2);
      acc3 = FloatVector.fromArray(S, a, aOff + i + 3 * W).fma(FloatVector.fromArray(S, b, bOff + i + 3 * W), acc3);
    }
    for (; i <= dim - W; i += W) {
      acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
    }
    float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public float squaredL2(float[] a, int aOff, float[] b, int bOff, int dim) {
    FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
    FloatVector acc2 = FloatVector.zero(S), acc3 = FloatVector.zero(S);
    int i = 0;
    int bound4 = dim - 4 * W;
    for (; i <= bound4; i += 4 * W) {
      FloatVector d0 = FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i));
      FloatVector d1 = FloatVector.fromArray(S, a, aOff + i + W).sub(FloatVector.fromArray(S, b, bOff + i + W));
      FloatVector d2 = FloatVector.fromArray(S, a, aOff + i + 2 * W).sub(FloatVector.fromArray(S, b, bOff + i + 2 * W));
      FloatVector d3 = FloatVector.fromArray(S, a, aOff + i + 3 * W).sub(FloatVector.fromArray(S, b, bOff + i + 3 * W));
      acc0 = d0.fma(d0, acc0);
      acc1 = d1.fma(d1, acc1);
      acc2 = d2.fma(d2, acc2);
      acc3 = d3.fma(d3, acc3);
    }
    for (; i <= dim - W; i += W) {
      FloatVector d = FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i));
      acc0 = d.fma(d, acc0);
    }
    float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      float d = a[aOff + i] - b[bOff + i];
      s += d * d;
    }
    return s;
  }

  @Override
  public float dot(float[] q, MemorySegment seg, long off, int dim) {
    FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
    FloatVector acc2 = FloatVector.zero(S), acc3 = FloatVector.zero(S);
    int i = 0;
    int bound4 = dim - 4 * W;
    for (; i <= bound4; i += 4 * W) {
      long o = off + 4L * i;
      acc0 = FloatVector.fromArray(S, q, i).fma(FloatVector.fromMemorySegment(S, seg, o, LE), acc0);
      acc1 = FloatVector.fromArray(S, q, i + W).fma(FloatVector.fromMemorySegment(S, seg, o + 4L * W, LE), acc1);
      acc2 = FloatVector.fromArray(S, q, i + 2 * W).fma(FloatVector.fromMemorySegment(S, seg, o + 8L * W, LE), acc2);
      acc3 = FloatVector.fromArray(S, q, i + 3 * W).fma(FloatVector.fromMemorySegment(S, seg, o + 12L * W, LE), acc3);
    }
    for (; i <= dim - W; i += W) {
      acc0 = FloatVector.fromArray(S, q, i).fma(FloatVector.fromMemorySegment(S, seg, off + 4L * i, LE), acc0);
    }
    float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      s += q[i] * seg.get(ScalarKernels.FLOAT_LE, off + 4L * i);
    }
    return s;
  }

  @Override
  public float squaredL2(float[] q, MemorySegment seg, long off, int dim) {
    FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
    FloatVector acc2 = FloatVector.zero(S), acc3 = FloatVector.zero(S);
    int i = 0;
    int bound4 = dim - 4 * W;
    for (; i <= bound4; i += 4 * W) {
      long o = off + 4L * i;
      FloatVector d0 = FloatVector.fromArray(S, q, i).sub(FloatVector.fromMemorySegment(S, seg, o, LE));
      FloatVector d1 = FloatVector.fromArray(S, q, i + W).sub(FloatVector.fromMemorySegment(S, seg, o + 4L * W, LE));
      FloatVector d2 = FloatVector.fromArray(S, q, i + 2 * W).sub(FloatVector.fromMemorySegment(S, seg, o + 8L * W, LE));
      FloatVector d3 = FloatVector.fromArray(S, q, i + 3 * W).sub(FloatVector.fromMemorySegment(S, seg, o + 12L * W, LE));
      acc0 = d0.fma(d0, acc0);
      acc1 = d1.fma(d1, acc1);
      acc2 = d2.fma(d2, acc2);
      acc3 = d3.fma(d3, acc3);
    }
    for (; i <= dim - W; i += W) {
      FloatVector d = FloatVector.fromArray(S, q, i).sub(FloatVector.fromMemorySegment(S, seg, off + 4L * i, LE));
      acc0 = d.fma(d, acc0);
    }
    float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      float d = q[i] - seg.get(ScalarKernels.FLOAT_LE, off + 4L * i);
      s += d * d;
    }
    return s;
  }

  @Override
  public float dotBytes(float[] w, MemorySegment seg, long off, int dim) {
    FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
    int i = 0;
    for (; i <= dim - 2 * W; i += 2 * W) {
      FloatVector c0 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off + i, LE).convertShape(VectorOperators.B2F, S, 0);
      FloatVector c1 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off + i + W, LE).convertShape(VectorOperators.B2F, S, 0);
      acc0 = c0.fma(FloatVector.fromArray(S, w, i), acc0);
      acc1 = c1.fma(FloatVector.fromArray(S, w, i + W), acc1);
    }
    for (; i <= dim - W; i += W) {
      FloatVector c0 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off + i, LE).convertShape(VectorOperators.B2F, S, 0);
      acc0 = c0.fma(FloatVector.fromArray(S, w, i), acc0);
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      s += w[i] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i);
    }
    return s;
  }

  @Override
  public void dot4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1,
      MemorySegment s2, long o2, MemorySegment s3, long o3, int dim, float[] out) {
    FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
    int i = 0;
    for (; i <= dim - W; i += W) {
      FloatVector qv = FloatVector.fromArray(S, q, i);
      long b = 4L * i;
      a0 = qv.fma(FloatVector.fromMemorySegment(S, s0, o0 + b, LE), a0);
      a1 = qv.fma(FloatVector.fromMemorySegment(S, s1, o1 + b, LE), a1);
      a2 = qv.fma(FloatVector.fromMemorySegment(S, s2, o2 + b, LE), a2);
      a3 = qv.fma(FloatVector.fromMemorySegment(S, s3, o3 + b, LE), a3);
    }
    float r0 = a0.reduceLanes(VectorOperators.ADD), r1 = a1.reduceLanes(VectorOperators.ADD);
    float r2 = a2.reduceLanes(VectorOperators.ADD), r3 = a3.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      long b = 4L * i;
      r0 += q[i] * s0.get(ScalarKernels.FLOAT_LE, o0 + b);
      r1 += q[i] * s1.get(ScalarKernels.FLOAT_LE, o1 + b);
      r2 += q[i] * s2.get(ScalarKernels.FLOAT_LE, o2 + b);
      r3 += q[i] * s3.get(ScalarKernels.FLOAT_LE, o3 + b);
    }
    out[0] = r0;
    out[1] = r1;
    out[2] = r2;
    out[3] = r3;
  }

  @Override
  public void squaredL2x4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1,
      MemorySegment s2, long o2, MemorySegment s3, long o3, int dim, float[] out) {
    FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
    int i = 0;
    for (; i <= dim - W; i += W) {
      FloatVector qv = FloatVector.fromArray(S, q, i);
      long b = 4L * i;
      FloatVector d0 = qv.sub(FloatVector.fromMemorySegment(S, s0, o0 + b, LE));
      FloatVector d1 = qv.sub(FloatVector.fromMemorySegment(S, s1, o1 + b, LE));
      FloatVector d2 = qv.sub(FloatVector.fromMemorySegment(S, s2, o2 + b, LE));
      FloatVector d3 = qv.sub(FloatVector.fromMemorySegment(S, s3, o3 + b, LE));
      a0 = d0.fma(d0, a0);
      a1 = d1.fma(d1, a1);
      a2 = d2.fma(d2, a2);
      a3 = d3.fma(d3, a3);
    }
    float r0 = a0.reduceLanes(VectorOperators.ADD), r1 = a1.reduceLanes(VectorOperators.ADD);
    float r2 = a2.reduceLanes(VectorOperators.ADD), r3 = a3.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      long b = 4L * i;
      float d0 = q[i] - s0.get(ScalarKernels.FLOAT_LE, o0 + b);
      float d1 = q[i] - s1.get(ScalarKernels.FLOAT_LE, o1 + b);
      float d2 = q[i] - s2.get(ScalarKernels.FLOAT_LE, o2 + b);
      float d3 = q[i] - s3.get(ScalarKernels.FLOAT_LE, o3 + b);
      r0 += d0 * d0;
      r1 += d1 * d1;
      r2 += d2 * d2;
      r3 += d3 * d3;
    }
    out[0] = r0;
    out[1] = r1;
    out[2] = r2;
    out[3] = r3;
  }

  @Override
  public void dotBytes4(float[] w, MemorySegment s0, long o0, MemorySegment s1, long o1,
      MemorySegment s2, long o2, MemorySegment s3, long o3, int dim, float[] out) {
    FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
    int i = 0;
    for (; i <= dim - W; i += W) {
      FloatVector wv = FloatVector.fromArray(S, w, i);
      a0 = ((FloatVector) ByteVector.fromMemorySegment(B, s0, o0 + i, LE).convertShape(VectorOperators.B2F, S, 0)).fma(wv, a0);
      a1 = ((FloatVector) ByteVector.fromMemorySegment(B, s1, o1 + i, LE).convertShape(VectorOperators.B2F, S, 0)).fma(wv, a1);
      a2 = ((FloatVector) ByteVector.fromMemorySegment(B, s2, o2 + i, LE).convertShape(VectorOperators.B2F, S, 0)).fma(wv, a2);
      a3 = ((FloatVector) ByteVector.fromMemorySegment(B, s3, o3 + i, LE).convertShape(VectorOperators.B2F, S, 0)).fma(wv, a3);
    }
    float r0 = a0.reduceLanes(VectorOperators.ADD), r1 = a1.reduceLanes(VectorOperators.ADD);
    float r2 = a2.reduceLanes(VectorOperators.ADD), r3 = a3.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      r0 += w[i] * s0.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o0 + i);
      r1 += w[i] * s1.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o1 + i);
      r2 += w[i] * s2.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o2 + i);
      r3 += w[i] * s3.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o3 + i);
    }
    out[0] = r0;
    out[1] = r1;
    out[2] = r2;
    out[3] = r3;
  }

  @Override
  public String description() {
    return "SIMD " + S.vectorBitSize() + "-bit (Vector API, " + W + " float lanes)";
  }
}
