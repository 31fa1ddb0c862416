package dev.vamana.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PqDistanceTableTest {
  private static final int DIM = 48;
  private static final int N = 600;
  /** Includes M below, at, and not a multiple of the 8 and 16 gather lanes. */
  private static final int[] MS = {1, 5, 8, 12, 16, 19, 24, 33, 48};

  @ParameterizedTest
  @EnumSource(Metric.class)
  void everyKernelGivesTheScalarDistancesWithinRoundingOneByOneAndInBatches(Metric metric) {
    VectorStore data = ClusteredData.generate(N, DIM, 8, 17L);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int m : MS) {
      ProductQuantizer pq = ProductQuantizer.train(VectorSource.of(data), metric, m,
          new ProductQuantizer.TrainingOptions(N, 2, 3L, 2), null);
      PqCodes codes = PqCodes.allocate(N, m);
      for (long b = 0; b < codes.bytes(); b++) {
        codes.segment().set(ValueLayout.JAVA_BYTE, b, (byte) rnd.nextInt(256));
      }
      float[] q = Vectors.prepare(metric, data.get(rnd.nextInt(N)), "q");
      PqDistanceTable ref = pq.newTable(AdcKernel.SCALAR).prepare(q);
      for (AdcKernel k : AdcKernel.values()) {
        for (boolean blocked : new boolean[] {false, true}) {
          assertSameAsReference(pq.newTable(k, blocked).prepare(q), ref, codes, m);
        }
      }
    }
  }

  /** {@code t} gives {@code ref}'s distances within rounding, one code at a time and in batches of several sizes. */
  private static void assertSameAsReference(PqDistanceTable t, PqDistanceTable ref, PqCodes codes, int m) {
    assertThat(t.kernel()).isNotEqualTo(AdcKernel.AUTO);
    int n = codes.size();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = (i * 7 + 3) % n; // a permutation (n is not a multiple of 7): batches visit codes out of order
    }
    float[] out = new float[n];
    int done = 0;
    for (int size : new int[] {1, 3, 64, n - 68}) {
      int[] nodes = java.util.Arrays.copyOfRange(perm, done, done + size);
      t.distances(codes, nodes, size, out);
      for (int j = 0; j < size; j++) {
        float expected = ref.distance(codes, nodes[j]);
        assertThat(out[j]).as("batch of %d: M=%d kernel=%s blocked=%s code %d", size, m, t.kernel(), t.blocked(), nodes[j])
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance(expected, m)));
      }
      done += size;
    }
    assertThat(done).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      float expected = ref.distance(codes, i);
      assertThat(t.distance(codes, i)).as("M=%d kernel=%s code %d", m, t.kernel(), i)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance(expected, m)));
    }
  }

  /** A different summation order of m parts of magnitude up to about |d| + 1 (inner-product parts may cancel). */
  private static float tolerance(float d, int m) {
    return 1e-5f * (1f + Math.abs(d) + m);
  }

  @Test
  void theDefaultTableUsesBlockedGathersWithTheVectorApiAndCodeByCodeWideScalarOtherwise() {
    AdcKernel k = PqDistanceTable.resolve(AdcKernel.AUTO, 32);
    if (System.getProperty("vamana.adc") == null && System.getProperty("vamana.adc.blocked") == null) {
      assertThat(k).isEqualTo(PqDistanceTable.simdAvailable() ? AdcKernel.GATHER_256 : AdcKernel.SCALAR_WIDE);
      assertThat(PqDistanceTable.blockedFor(k, 32)).isEqualTo(PqDistanceTable.simdAvailable());
    }
  }

  @Test
  void gatherKernelsAreUsedWhenTheVectorApiIsAvailableAndScalarOtherwise() {
    for (AdcKernel k : AdcKernel.values()) {
      AdcKernel r = PqDistanceTable.resolve(k, 32);
      assertThat(r).isNotEqualTo(AdcKernel.AUTO);
      if (!PqDistanceTable.simdAvailable()) {
        assertThat(r.simd()).as("%s without the Vector API", k).isFalse();
      } else if (k != AdcKernel.AUTO) {
        assertThat(r).isEqualTo(k);
      }
    }
  }
}
