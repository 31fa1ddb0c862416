package dev.vamana.quant;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The asymmetric distance (ADC) of one query to PQ codes: {@link #prepare} fills a table of
 * {@code M x 256} partial distances (query sub-vector to every centroid), after which the distance
 * to a code is the sum of {@code M} lookups, one per code byte. For L2 the parts are squared
 * distances; for inner product negated dot products; for cosine the same plus 1, so the sums are
 * in the units of {@link Metric#distance}.
 *
 * <p>{@link #distances} scores a batch of codes (the neighbours of an expanded node) sub-space block
 * by sub-space block, so that the block's part of the table stays in L1 while every code of the
 * batch is looked up in it; {@link #distance} scores one code.
 *
 * <p>Not thread-safe: one table per query thread, reused across queries; allocates nothing after
 * construction except when a batch larger than any before grows the scratch array.
 */
public final class PqDistanceTable {
  private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  /** Whether the Vector API kernels may be used in this JVM (module present, >= 8 float lanes, not disabled). */
  private static final boolean SIMD = simdUsable();

  private final ProductQuantizer pq;
  private final float[] table;
  private final int m;
  private final AdcKernel kernel;
  private final boolean blocked;
  private final int[] idx;
  private float[] acc = new float[0];
  private float bias;

  /** {@code blocked} null: by {@link #blockedFor}. */
  PqDistanceTable(ProductQuantizer pq, AdcKernel requested, Boolean blocked) {
    this.pq = pq;
    this.m = pq.m();
    this.table = new float[m * ProductQuantizer.K];
    this.kernel = resolve(requested, m);
    this.blocked = kernel != AdcKernel.SCALAR && (blocked != null ? blocked : blockedFor(kernel, m));
    this.idx = new int[kernel.simd() ? SimdAdc.maxLanes() : 0];
  }

  /** Bytes of heap held: the table and the scratch arrays of the batch kernels. */
  public long bytes() {
    return 4L * table.length + 4L * acc.length + 4L * idx.length;
  }

  /** Whether {@link #distances} runs block by block (else code by code with {@link #distance}). */
  public boolean blocked() {
    return blocked;
  }

  /** The kernel this table sums with (never {@link AdcKernel#AUTO}). */
  public AdcKernel kernel() {
    return kernel;
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
    return bias + switch (kernel) {
      case SCALAR_WIDE -> sumWide(table, m, codes, off);
      case GATHER_PREFERRED -> SimdAdc.sumPreferred(table, m, codes, off, idx);
      case GATHER_256 -> SimdAdc.sum256(table, m, codes, off, idx);
      default -> sumBytes(table, m, codes, off);
    };
  }

  /**
   * The approximate distances of the prepared query to the codes {@code nodes[0..count)} of
   * {@code codes}, into {@code out[0..count)}. Equal to {@link #distance} per code up to float
   * rounding (the parts are summed in another order).
   */
  public void distances(PqCodes codes, int[] nodes, int count, float[] out) {
    if (!blocked) {
      for (int j = 0; j < count; j++) {
        out[j] = distance(codes, nodes[j]);
      }
      return;
    }
    MemorySegment seg = codes.segment();
    switch (kernel) {
      case SCALAR_WIDE -> blockedWide(table, m, seg, nodes, count, out);
      case GATHER_256 -> SimdAdc.batch256(table, m, seg, nodes, count, out, scratch(count * 8), idx);
      default -> SimdAdc.batchPreferred(table, m, seg, nodes, count, out, scratch(count * SimdAdc.preferredLanes()), idx);
    }
    float b = bias;
    for (int j = 0; j < count; j++) {
      out[j] += b;
    }
  }

  private float[] scratch(int n) {
    if (acc.length < n) {
      acc = new float[Math.max(n, 2 * acc.length)];
    }
    return acc;
  }

  /** Sub-spaces per block of the batch kernels: 16 KiB of table. */
  static final int BLOCK = 16;

  /** {@link #sumWide} over blocks of {@link #BLOCK} sub-spaces, every code per block. */
  static void blockedWide(float[] t, int m, MemorySegment codes, int[] nodes, int count, float[] out) {
    java.util.Arrays.fill(out, 0, count, 0f);
    for (int s0 = 0; s0 < m; s0 += BLOCK) {
      int s1 = Math.min(m, s0 + BLOCK);
      for (int j = 0; j < count; j++) {
        long off = (long) nodes[j] * m;
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int s = s0;
        for (; s + 7 < s1; s += 8) {
          long c = codes.get(LONG_LE, off + s);
          int b = s << 8;
          a0 += t[b + (int) (c & 0xff)];
          a1 += t[b + 256 + (int) ((c >>> 8) & 0xff)];
          a2 += t[b + 512 + (int) ((c >>> 16) & 0xff)];
          a3 += t[b + 768 + (int) ((c >>> 24) & 0xff)];
          a0 += t[b + 1024 + (int) ((c >>> 32) & 0xff)];
          a1 += t[b + 1280 + (int) ((c >>> 40) & 0xff)];
          a2 += t[b + 1536 + (int) ((c >>> 48) & 0xff)];
          a3 += t[b + 1792 + (int) (c >>> 56)];
        }
        for (; s < s1; s++) {
          a0 += t[(s << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s) & 0xff)];
        }
        out[j] += (a0 + a1) + (a2 + a3);
      }
    }
  }

  /** One byte load per sub-space. */
  static float sumBytes(float[] t, int m, MemorySegment codes, long off) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int s = 0;
    for (; s + 3 < m; s += 4) {
      s0 += t[(s << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s) & 0xff)];
      s1 += t[((s + 1) << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s + 1) & 0xff)];
      s2 += t[((s + 2) << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s + 2) & 0xff)];
      s3 += t[((s + 3) << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s + 3) & 0xff)];
    }
    for (; s < m; s++) {
      s0 += t[(s << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s) & 0xff)];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Eight code bytes per little-endian 64-bit load. */
  static float sumWide(float[] t, int m, MemorySegment codes, long off) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int s = 0;
    for (; s + 7 < m; s += 8) {
      long c = codes.get(LONG_LE, off + s);
      int b = s << 8;
      s0 += t[b + (int) (c & 0xff)];
      s1 += t[b + 256 + (int) ((c >>> 8) & 0xff)];
      s2 += t[b + 512 + (int) ((c >>> 16) & 0xff)];
      s3 += t[b + 768 + (int) ((c >>> 24) & 0xff)];
      s0 += t[b + 1024 + (int) ((c >>> 32) & 0xff)];
      s1 += t[b + 1280 + (int) ((c >>> 40) & 0xff)];
      s2 += t[b + 1536 + (int) ((c >>> 48) & 0xff)];
      s3 += t[b + 1792 + (int) (c >>> 56)];
    }
    for (; s < m; s++) {
      s0 += t[(s << 8) + (codes.get(ValueLayout.JAVA_BYTE, off + s) & 0xff)];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The approximate distance to code {@code i} of {@code codes}. */
  public float distance(PqCodes codes, int i) {
    return distance(codes.segment(), codes.offset(i));
  }

  /** True when the gather kernels can run here: see {@link AdcKernel}. */
  public static boolean simdAvailable() {
    return SIMD;
  }

  private static boolean simdUsable() {
    if (Kernels.simdOrNull() == null || Kernels.get() == Kernels.scalar()) {
      return false; // module missing, or -Dvamana.simd=false
    }
    try {
      return SimdAdc.preferredLanes() >= 8;
    } catch (Throwable t) { // LinkageError when the module is missing at run time
      return false;
    }
  }

  /** The kernel {@code requested} resolves to for {@code m} sub-spaces in this JVM. */
  public static AdcKernel resolve(AdcKernel requested, int m) {
    AdcKernel k = requested;
    if (k == AdcKernel.AUTO) {
      String forced = System.getProperty("vamana.adc");
      k = forced != null ? AdcKernel.valueOf(forced.trim().toUpperCase(java.util.Locale.ROOT)) : kernelFor(m);
    }
    if (k.simd() && !SIMD) {
      return AdcKernel.SCALAR_WIDE;
    }
    return k;
  }

  /**
   * The default kernel for {@code m} sub-spaces: the 256-bit gather when the Vector API is usable,
   * else {@link AdcKernel#SCALAR_WIDE}. Measured with {@code PqAdcBenchmark} for M = 16..128 on
   * AVX-512 (docs/ssd-index.md): one code at a time the gather is slower than the 64-bit-load scalar
   * sum up to M = 64 and level at 96-128, but in blocked batches (what the beam search uses; see
   * {@link #blockedFor}) it is the fastest at every M measured, so the choice does not depend on M.
   * The 512-bit gather was no faster than the 256-bit one there, and 256 bits also suit AVX2.
   */
  static AdcKernel kernelFor(int m) {
    return SIMD ? AdcKernel.GATHER_256 : AdcKernel.SCALAR_WIDE;
  }

  /**
   * Whether batches of {@code kernel} are scored block by block by default: yes for the gather
   * kernels (faster than code by code at every M measured), no for the scalar ones (blocked scalar
   * was level up to M = 32 and slower above). {@code -Dvamana.adc.blocked=true|false} overrides.
   */
  static boolean blockedFor(AdcKernel kernel, int m) {
    String forced = System.getProperty("vamana.adc.blocked");
    if (forced != null) {
      return Boolean.parseBoolean(forced.trim());
    }
    return kernel.simd();
  }
}
