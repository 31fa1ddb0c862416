package dev.vamana.quant;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * ADC sums on the Vector API: for {@code W} sub-spaces at a time, the {@code W} code bytes are
 * loaded as one byte vector, zero-extended to int lanes, offset by {@code lane * 256} and used as
 * the index map of one float gather from the {@code M x 256} table; the tail is scalar. Loaded only
 * when the {@code jdk.incubator.vector} module is present (see {@link PqDistanceTable}).
 *
 * <p>Stateless; the caller passes an {@code int[]} scratch of at least {@link #maxLanes()} entries
 * (the gather takes its indices from an array), one per thread.
 */
final class SimdAdc {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
  private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
  private static final int W256 = 8;
  private static final IntVector BASE256 = IntVector.fromArray(I256, laneBases(W256), 0);

  private static final VectorSpecies<Float> FP = FloatVector.SPECIES_PREFERRED;
  private static final int WP = FP.length();
  private static final VectorSpecies<Integer> IP = VectorSpecies.of(int.class, FP.vectorShape());
  private static final VectorSpecies<Byte> BP = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, WP * 8)));
  private static final IntVector BASEP = IntVector.fromArray(IP, laneBases(WP), 0);

  private SimdAdc() {}

  /** Lanes of the preferred float species (16 with AVX-512, 8 with AVX2). */
  static int preferredLanes() {
    return WP;
  }

  static int maxLanes() {
    return Math.max(W256, WP);
  }

  private static int[] laneBases(int w) {
    int[] b = new int[w];
    for (int i = 0; i < w; i++) {
      b[i] = i * ProductQuantizer.K;
    }
    return b;
  }

  /** Sum of {@code table[s * 256 + code[s]]} over the {@code m} bytes at {@code off}, 8 lanes. */
  static float sum256(float[] table, int m, MemorySegment codes, long off, int[] idx) {
    FloatVector acc = FloatVector.zero(F256);
    int s = 0;
    for (; s + W256 <= m; s += W256) {
      ByteVector b = ByteVector.fromMemorySegment(B64, codes, off + s, LE);
      IntVector ix = (IntVector) b.convertShape(VectorOperators.ZERO_EXTEND_B2I, I256, 0);
      ix.add(BASE256).intoArray(idx, 0);
      acc = acc.add(FloatVector.fromArray(F256, table, s << 8, idx, 0));
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; s < m; s++) {
      sum += table[(s << 8) + (codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + s) & 0xff)];
    }
    return sum;
  }

  /** As {@link #sum256} with the preferred species. */
  static float sumPreferred(float[] table, int m, MemorySegment codes, long off, int[] idx) {
    FloatVector acc = FloatVector.zero(FP);
    int s = 0;
    for (; s + WP <= m; s += WP) {
      ByteVector b = ByteVector.fromMemorySegment(BP, codes, off + s, LE);
      IntVector ix = (IntVector) b.convertShape(VectorOperators.ZERO_EXTEND_B2I, IP, 0);
      ix.add(BASEP).intoArray(idx, 0);
      acc = acc.add(FloatVector.fromArray(FP, table, s << 8, idx, 0));
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; s < m; s++) {
      sum += table[(s << 8) + (codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + s) & 0xff)];
    }
    return sum;
  }

  /**
   * Batch of {@code count} codes: for each block of 8 sub-spaces (8 KiB of table, kept in L1), one
   * gather per code added to that code's 8-lane partial sums in {@code acc}; then one lane
   * reduction and the scalar tail per code.
   */
  static void batch256(float[] table, int m, MemorySegment codes, int[] nodes, int count, float[] out, float[] acc, int[] idx) {
    java.util.Arrays.fill(acc, 0, count * W256, 0f);
    int full = m - m % W256;
    for (int s = 0; s < full; s += W256) {
      int tOff = s << 8;
      for (int j = 0; j < count; j++) {
        ByteVector b = ByteVector.fromMemorySegment(B64, codes, (long) nodes[j] * m + s, LE);
        IntVector ix = (IntVector) b.convertShape(VectorOperators.ZERO_EXTEND_B2I, I256, 0);
        ix.add(BASE256).intoArray(idx, 0);
        FloatVector.fromArray(F256, acc, j * W256).add(FloatVector.fromArray(F256, table, tOff, idx, 0)).intoArray(acc, j * W256);
      }
    }
    for (int j = 0; j < count; j++) {
      float sum = FloatVector.fromArray(F256, acc, j * W256).reduceLanes(VectorOperators.ADD);
      long off = (long) nodes[j] * m;
      for (int s = full; s < m; s++) {
        sum += table[(s << 8) + (codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + s) & 0xff)];
      }
      out[j] = sum;
    }
  }

  /**
   * As {@link #batch256} with the preferred species. A copy rather than one method taking the
   * species: C2 compiles Vector API code to SIMD only when the species is a constant.
   */
  static void batchPreferred(float[] table, int m, MemorySegment codes, int[] nodes, int count, float[] out, float[] acc, int[] idx) {
    java.util.Arrays.fill(acc, 0, count * WP, 0f);
    int full = m - m % WP;
    for (int s = 0; s < full; s += WP) {
      int tOff = s << 8;
      for (int j = 0; j < count; j++) {
        ByteVector b = ByteVector.fromMemorySegment(BP, codes, (long) nodes[j] * m + s, LE);
        IntVector ix = (IntVector) b.convertShape(VectorOperators.ZERO_EXTEND_B2I, IP, 0);
        ix.add(BASEP).intoArray(idx, 0);
        FloatVector.fromArray(FP, acc, j * WP).add(FloatVector.fromArray(FP, table, tOff, idx, 0)).intoArray(acc, j * WP);
      }
    }
    for (int j = 0; j < count; j++) {
      float sum = FloatVector.fromArray(FP, acc, j * WP).reduceLanes(VectorOperators.ADD);
      long off = (long) nodes[j] * m;
      for (int s = full; s < m; s++) {
        sum += table[(s << 8) + (codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + s) & 0xff)];
      }
      out[j] = sum;
    }
  }
}
