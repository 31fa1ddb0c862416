package dev.vamana.quant;

import dev.vamana.vector.Metric;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The asymmetric distance (ADC) of one query to PQ codes: {@link #prepare} fills a table of
 * {@code M x 256} partial distances (query sub-vector to every centroid), after which the distance
 * to a code is the sum of {@code M} lookups, one per code byte. For L2 the parts are squared
 * distances; for inner product negated dot products; for cosine the same plus 1, so the sums are
 * in the units of {@link Metric#distance}.
 *
 * <p>Not thread-safe: one table per query thread, reused across queries; allocates nothing after
 * construction.
 */
public final class PqDistanceTable {
  private final ProductQuantizer pq;
  private final float[] table;
  private final int m;
  private float bias;

  PqDistanceTable(ProductQuantizer pq) {
    this.pq = pq;
    this.m = pq.m();
    this.table = new float[m * ProductQuantizer.K];
  }

  /** Fills the table for {@code query}, which must already be prepared (normalised for cosine). */
  public PqDistanceTable prepare(float[] query) {
    float[] books = pq.codebooks();
    Metric metric = pq.metric();
    boolean l2 = metric == Metric.L2;
    for (int s = 0; s < m; s++) {
      int from = pq.subOffset(s), sd = pq.subOffset(s + 1) - from;
      int base = ProductQuantizer.K * from;
      int t = s * ProductQuantizer.K;
      for (int c = 0; c < ProductQuantizer.K; c++) {
        int co = base + c * sd;
        float acc = 0;
        if (l2) {
          for (int j = 0; j < sd; j++) {
            float x = query[from + j] - books[co + j];
            acc += x * x;
          }
        } else {
          for (int j = 0; j < sd; j++) {
            acc += query[from + j] * books[co + j];
          }
          acc = -acc;
        }
        table[t + c] = acc;
      }
    }
    bias = metric == Metric.COSINE ? 1f : 0f;
    return this;
  }

  /** The approximate distance of the prepared query to the code at byte offset {@code off} of {@code codes}. */
  public float distance(MemorySegment codes, long off) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int s = 0;
    float[] t = table;
    for (; s + 3 < m; s += 4) {
      s0 += t[(s << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s) & 0xff)];
      s1 += t[((s + 1) << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s + 1) & 0xff)];
      s2 += t[((s + 2) << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s + 2) & 0xff)];
      s3 += t[((s + 3) << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s + 3) & 0xff)];
    }
    for (; s < m; s++) {
      s0 += t[(s << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s) & 0xff)];
    }
    return bias + (s0 + s1) + (s2 + s3);
  }

  /** The approximate distance to code {@code i} of {@code codes}. */
  public float distance(PqCodes codes, int i) {
    return distance(codes.segment(), codes.offset(i));
  }
}
