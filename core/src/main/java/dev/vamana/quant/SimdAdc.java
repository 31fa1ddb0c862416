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
}
