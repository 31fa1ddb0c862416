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
        PqDistanceTable t = pq.newTable(k).prepare(q);
        assertThat(t.kernel()).isNotEqualTo(AdcKernel.AUTO);
        int[] batch = new int[N];
        for (int i = 0; i < N; i++) {
          batch[i] = (i * 7 + 3) % N; // a permutation: batches visit codes out of order
        }
        float[] out = new float[N];
        int done = 0;
        for (int size : new int[] {1, 3, 64, N - 68}) {
          int[] nodes = java.util.Arrays.copyOfRange(batch, done, done + size);
          t.distances(codes, nodes, size, out);
          for (int j = 0; j < size; j++) {
            float expected = ref.distance(codes, nodes[j]);
            float tol = 1e-5f * (1f + Math.abs(expected) + m);
            assertThat(out[j]).as("batch of %d: M=%d kernel=%s code %d", size, m, t.kernel(), nodes[j])
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(tol));
          }
          done += size;
        }
        assertThat(done).isEqualTo(N);
        for (int i = 0; i < N; i++) {
          float expected = ref.distance(codes, i);
          // a different summation order of m parts of magnitude <= ~|d| + 1 (inner-product parts may cancel)
          float tol = 1e-5f * (1f + Math.abs(expected) + m);
          assertThat(t.distance(codes, i)).as("M=%d kernel=%s (%s) code %d", m, k, t.kernel(), i)
              .isCloseTo(expected, org.assertj.core.data.Offset.offset(tol));
        }
      }
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
