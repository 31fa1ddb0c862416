package dev.vamana.quant;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * 8-bit scalar quantisation with one range per dimension: coordinate {@code i} of a row becomes
 * the signed byte {@code c = round((x - offset_i) / scale_i)}, {@code c} in -128..127, so that
 * {@code x ≈ offset_i + scale_i * c}. A code row is {@code dim} bytes followed by the float32
 * {@code sum_i (scale_i c_i)^2 + 2 offset_i scale_i c_i}, which makes the approximate squared L2
 * distance one byte-by-float inner product plus constants:
 *
 * <pre>
 *   |q - x|^2 ≈ |q - offset|^2 - 2 sum_i (q_i - offset_i) scale_i c_i + sum_i (scale_i c_i)^2
 *   q · x    ≈ q · offset + sum_i q_i scale_i c_i
 * </pre>
 *
 * Immutable and thread-safe. Values outside the trained range are clamped; exact re-ranking with
 * the full-precision rows removes the error from final results.
 */
public final class ScalarQuantizer {
  private static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final float[] offset;
  private final float[] scale;
  private final Metric metric;

  private ScalarQuantizer(Metric metric, float[] offset, float[] scale) {
    this.metric = metric;
    this.offset = offset;
    this.scale = scale;
  }

  /** Bytes of one code row: the codes plus the float32 correction term. */
  public static int codeBytes(int dim) {
    return dim + 4;
  }

  public int dimension() {
    return offset.length;
  }

  /** Learns per-dimension ranges from {@code min} and {@code max}. */
  public static ScalarQuantizer fromRanges(Metric metric, float[] min, float[] max) {
    int d = min.length;
    float[] off = new float[d], sc = new float[d];
    for (int i = 0; i < d; i++) {
      float range = max[i] - min[i];
      sc[i] = range > 0 ? range / 255f : 1f;
      off[i] = min[i] + 128f * sc[i];
    }
    return new ScalarQuantizer(metric, off, sc);
  }

  /** Writes the code row of {@code v} at {@code dst[off..off+codeBytes)}. */
  public void encode(float[] v, MemorySegment dst, long off) {
    float corr = 0;
    for (int i = 0; i < offset.length; i++) {
      int c = Math.round((v[i] - offset[i]) / scale[i]);
      c = Math.max(-128, Math.min(127, c));
      dst.set(ValueLayout.JAVA_BYTE, off + i, (byte) c);
      float sc = scale[i] * c;
      corr += sc * sc + 2 * offset[i] * sc;
    }
    dst.set(FLOAT_LE, off + offset.length, corr);
  }

  /**
   * Fills {@code w[0..dim)} with the per-query weights and returns the per-query constant, for
   * {@link #distance}. {@code q} is the prepared query (normalised for cosine, padded for inner
   * product).
   */
  public float prepare(float[] q, float[] w) {
    int d = offset.length;
    float constant = 0;
    if (metric == Metric.L2) {
      for (int i = 0; i < d; i++) {
        w[i] = q[i] * scale[i];
        constant += q[i] * q[i];
      }
      // |q - x|^2 = |q|^2 - 2 q·x + |x|^2, with |x|^2 = |offset|^2 + corr and q·x = q·offset + w·c
      float qo = 0, oo = 0;
      for (int i = 0; i < d; i++) {
        qo += q[i] * offset[i];
        oo += offset[i] * offset[i];
      }
      return constant - 2 * qo + oo;
    }
    for (int i = 0; i < d; i++) {
      w[i] = q[i] * scale[i];
      constant += q[i] * offset[i];
    }
    return constant;
  }

  /** {@link #distance} to four code rows at once, into {@code out[0..4)}. */
  public void distance4(VectorKernels k, float[] w, float constant, MemorySegment s0, long o0,
      MemorySegment s1, long o1, MemorySegment s2, long o2, MemorySegment s3, long o3, float[] out) {
    int d = offset.length;
    k.dotBytes4(w, s0, o0, s1, o1, s2, o2, s3, o3, d, out);
    switch (metric) {
      case L2 -> {
        out[0] = constant - 2 * out[0] + s0.get(FLOAT_LE, o0 + d);
        out[1] = constant - 2 * out[1] + s1.get(FLOAT_LE, o1 + d);
        out[2] = constant - 2 * out[2] + s2.get(FLOAT_LE, o2 + d);
        out[3] = constant - 2 * out[3] + s3.get(FLOAT_LE, o3 + d);
      }
      case INNER_PRODUCT -> {
        for (int i = 0; i < 4; i++) {
          out[i] = -(constant + out[i]);
        }
      }
      case COSINE -> {
        for (int i = 0; i < 4; i++) {
          out[i] = 1f - (constant + out[i]);
        }
      }
    }
  }

  /** The approximate distance under the metric from a prepared query to a code row. */
  public float distance(VectorKernels k, float[] w, float constant, MemorySegment seg, long off) {
    int d = offset.length;
    float dot = k.dotBytes(w, seg, off, d);
    return switch (metric) {
      case L2 -> constant - 2 * dot + seg.get(FLOAT_LE, off + d);
      case INNER_PRODUCT -> -(constant + dot);
      case COSINE -> 1f - (constant + dot);
    };
  }
}
