package dev.vamana.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelsTest {
  private static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 15, 16, 17, 63, 64, 100, 128, 384, 768, 1000, 1536, 4096})
  void simdKernelsAgreeWithScalarWithinFloatTolerance(int dim) {
    VectorKernels simd = Kernels.get();
    VectorKernels scalar = Kernels.scalar();
    SplittableRandom r = new SplittableRandom(dim);
    for (int trial = 0; trial < 20; trial++) {
      float[] a = new float[dim + 5], b = new float[dim + 7];
      for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
      for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() * 2 - 1);
      int aOff = trial % 5, bOff = trial % 7;
      float tol = 1e-4f * dim + 1e-5f;
      assertThat(simd.dot(a, aOff, b, bOff, dim)).isCloseTo(scalar.dot(a, aOff, b, bOff, dim), within(tol));
      assertThat(simd.squaredL2(a, aOff, b, bOff, dim)).isCloseTo(scalar.squaredL2(a, aOff, b, bOff, dim), within(tol));
      MemorySegment seg = Arena.ofAuto().allocate(4L * (dim + 3));
      for (int i = 0; i < dim; i++) seg.set(LE, 4L * (i + 3), b[bOff + i]);
      float[] q = java.util.Arrays.copyOfRange(a, aOff, aOff + dim);
      assertThat(simd.dot(q, seg, 12, dim)).isCloseTo(scalar.dot(a, aOff, b, bOff, dim), within(tol));
      assertThat(simd.squaredL2(q, seg, 12, dim)).isCloseTo(scalar.squaredL2(a, aOff, b, bOff, dim), within(tol));
      assertThat(scalar.dot(q, seg, 12, dim)).isCloseTo(scalar.dot(a, aOff, b, bOff, dim), within(tol));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 15, 16, 17, 384, 1000})
  void fourRowKernelsAgreeWithOneRowKernels(int dim) {
    SplittableRandom r = new SplittableRandom(dim * 31L);
    MemorySegment seg = Arena.ofAuto().allocate(4L * dim * 4);
    MemorySegment bytes = Arena.ofAuto().allocate(4L * dim);
    for (long i = 0; i < 4L * dim; i++) {
      seg.setAtIndex(LE, i, (float) (r.nextDouble() * 2 - 1));
      bytes.set(ValueLayout.JAVA_BYTE, i, (byte) (r.nextInt(256) - 128));
    }
    float[] q = new float[dim];
    for (int i = 0; i < dim; i++) q[i] = (float) (r.nextDouble() * 2 - 1);
    long s = 4L * dim;
    for (VectorKernels k : new VectorKernels[] {Kernels.get(), Kernels.scalar()}) {
      float[] out = new float[4];
      float tol = 1e-4f * dim + 1e-5f;
      k.dot4(q, seg, 0, seg, s, seg, 2 * s, seg, 3 * s, dim, out);
      for (int j = 0; j < 4; j++) assertThat(out[j]).isCloseTo(k.dot(q, seg, j * s, dim), within(tol));
      k.squaredL2x4(q, seg, 0, seg, s, seg, 2 * s, seg, 3 * s, dim, out);
      for (int j = 0; j < 4; j++) assertThat(out[j]).isCloseTo(k.squaredL2(q, seg, j * s, dim), within(tol));
      k.dotBytes4(q, bytes, 0, bytes, dim, bytes, 2L * dim, bytes, 3L * dim, dim, out);
      for (int j = 0; j < 4; j++) {
        assertThat(out[j]).isCloseTo(Kernels.scalar().dotBytes(q, bytes, (long) j * dim, dim), within(tol * 128));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 384})
  void scalarKernelsMatchDoublePrecisionReference(int dim) {
    SplittableRandom r = new SplittableRandom(7);
    float[] a = new float[dim], b = new float[dim];
    double dot = 0, l2 = 0;
    for (int i = 0; i < dim; i++) {
      a[i] = (float) r.nextDouble();
      b[i] = (float) r.nextDouble();
      dot += (double) a[i] * b[i];
      l2 += (double) (a[i] - b[i]) * (a[i] - b[i]);
    }
    assertThat((double) Kernels.scalar().dot(a, 0, b, 0, dim)).isCloseTo(dot, within(1e-3));
    assertThat((double) Kernels.scalar().squaredL2(a, 0, b, 0, dim)).isCloseTo(l2, within(1e-3));
  }
}
