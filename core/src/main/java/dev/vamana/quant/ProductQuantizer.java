package dev.vamana.quant;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.CheckedFileReader;
import dev.vamana.io.CheckedFileWriter;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Product quantization with 8-bit codes: the vector is cut into {@code M} contiguous sub-spaces
 * (the first {@code dim % M} of them one dimension wider), each with a codebook of 256 centroids
 * trained by k-means on a sample; a vector's code is the index of the nearest centroid in every
 * sub-space, {@code M} bytes. Queries are compared to codes with a per-query lookup table
 * ({@link PqDistanceTable}, asymmetric distance). Codebooks are trained with squared L2 on the
 * vectors as the metric compares them (normalised for cosine); the table turns them into L2, inner
 * product or cosine distances.
 *
 * <h2>File layout ({@link #save}), little-endian</h2>
 * <pre>
 * offset  size          field
 * 0       4             magic 0x31515056 ("VPQ1")
 * 4       4             format version = 1
 * 8       8             index id: ties the file to one SSD index (0 for a standalone quantizer)
 * 16      4             metric code (1 = l2, 2 = ip, 3 = cosine)
 * 20      4             dimension d
 * 24      4             M, the number of sub-spaces (= bytes per code)
 * 28      4             K = 256 centroids per sub-space
 * 32      4 * K * d     codebooks: sub-space after sub-space, centroid after centroid, float32
 * ..      8             n, the number of codes that follow (0 when none)
 * ..      n * M         codes, vector after vector, one unsigned byte per sub-space
 * ..      8             footer: int32 0x52544656, int32 CRC32C of all preceding bytes
 * </pre>
 *
 * <p>Immutable once trained and thread-safe; codes live in memory owned by {@link PqCodes}.
 */
public final class ProductQuantizer {
  /** Centroids per sub-space (8-bit codes). */
  public static final int K = 256;
  /** Largest sample the trainer uses. */
  public static final int MAX_SAMPLE = 256 * 1024;

  private static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
  static final int MAGIC = 0x31515056;
  static final int VERSION = 1;

  private final Metric metric;
  private final int dim;
  private final int m;
  private final int[] subOffset; // m + 1 entries
  private final float[] codebooks; // K * dim floats: sub-space s at K * subOffset[s], centroid c at + c * subDim(s)
  private final float[] transposed; // the same per sub-space, dimension-major: + j * K + c (for encoding)

  ProductQuantizer(Metric metric, int dim, int m, float[] codebooks) {
    if (m < 1 || m > dim) {
      throw new VamanaException("PQ sub-spaces M = " + m + " out of range (1.." + dim + " for dimension " + dim + ")");
    }
    this.metric = metric;
    this.dim = dim;
    this.m = m;
    this.subOffset = new int[m + 1];
    int base = dim / m, extra = dim % m;
    for (int s = 0; s < m; s++) {
      subOffset[s + 1] = subOffset[s] + base + (s < extra ? 1 : 0);
    }
    if (codebooks.length != K * dim) {
      throw new IllegalArgumentException("codebooks hold " + codebooks.length + " floats, expected " + K * dim);
    }
    this.codebooks = codebooks;
    this.transposed = new float[codebooks.length];
    for (int s = 0; s < m; s++) {
      int from = subOffset[s], sd = subOffset[s + 1] - from, cb = K * from;
      for (int c = 0; c < K; c++) {
        for (int j = 0; j < sd; j++) {
          transposed[cb + j * K + c] = codebooks[cb + c * sd + j];
        }
      }
    }
  }

  /** Settings for {@link #train}. */
  public record TrainingOptions(int sampleSize, int iterations, long seed, int threads) {
    public TrainingOptions {
      if (sampleSize < 1 || sampleSize > MAX_SAMPLE) {
        throw new VamanaException("PQ sample size " + sampleSize + " out of range (1.." + MAX_SAMPLE + ")");
      }
      if (iterations < 1) {
        throw new VamanaException("PQ k-means iterations must be at least 1, got " + iterations);
      }
      threads = Math.max(1, threads);
    }

    public static TrainingOptions defaults() {
      return new TrainingOptions(32 * 1024, 12, 42L, Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * Trains {@code m} codebooks on a seeded uniform sample of {@code source} (normalised first when
   * the metric is cosine). Sub-spaces are trained in parallel on a pool of {@code options.threads()}
   * threads that this call creates and shuts down.
   */
  public static ProductQuantizer train(VectorSource source, Metric metric, int m, TrainingOptions options, ProgressListener progress) {
    int dim = source.dimension();
    int n = source.size();
    if (n == 0) {
      throw new VamanaException("cannot train PQ on an empty vector set");
    }
    if (m < 1 || m > dim) {
      throw new VamanaException("PQ bytes per vector (M) = " + m + " out of range (1.." + dim + ")");
    }
    int s = Math.min(n, options.sampleSize());
    int[] rows = sampleRows(n, s, options.seed());
    ProductQuantizer shape = new ProductQuantizer(metric, dim, m, new float[K * dim]);
    float[] books = shape.codebooks;
    AtomicLong done = new AtomicLong();
    // the sample lives off-heap in an arena freed as soon as training ends, not at some later GC
    try (Arena arena = Arena.ofShared(); ExecutorService exec = Executors.newFixedThreadPool(options.threads())) {
      MemorySegment region = arena.allocate(4L * dim * s, 64);
      float[] v = new float[dim];
      for (int i = 0; i < s; i++) {
        source.get(rows[i], v);
        MemorySegment.copy(Vectors.prepare(metric, v, "vector " + rows[i]), 0, region, FLOAT_LE, 4L * dim * i, dim);
      }
      VectorStore sample = VectorStore.wrap(region, dim, s);
      List<Future<?>> fs = new ArrayList<>();
      for (int sub = 0; sub < m; sub++) {
        final int sp = sub;
        fs.add(exec.submit(() -> {
          int from = shape.subOffset[sp], sd = shape.subOffset[sp + 1] - from;
          float[] data = new float[s * sd];
          float[] row = new float[dim];
          for (int i = 0; i < s; i++) {
            sample.get(i, row);
            System.arraycopy(row, from, data, i * sd, sd);
          }
          float[] c = KMeans.train(data, s, sd, K, options.iterations(), options.seed() + 31L * sp, null);
          System.arraycopy(c, 0, books, K * from, K * sd);
          long d = done.incrementAndGet();
          if (progress != null) {
            progress.update(d, m);
          }
        }));
      }
      for (Future<?> f : fs) {
        KMeans.join(f);
      }
    }
    return new ProductQuantizer(metric, dim, m, books);
  }

  /** {@code count} distinct rows of {@code [0, n)}, sorted, chosen with a seeded partial shuffle. */
  static int[] sampleRows(int n, int count, long seed) {
    int[] rows;
    if (count >= n) {
      rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = i;
      }
      return rows;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    java.util.HashSet<Integer> seen = new java.util.HashSet<>();
    rows = new int[count];
    int k = 0;
    while (k < count) { // Floyd-like rejection: count is at most 256k, n is larger
      int r = rnd.nextInt(n);
      if (seen.add(r)) {
        rows[k++] = r;
      }
    }
    java.util.Arrays.sort(rows);
    return rows;
  }

  /**
   * The number of PQ bytes per vector that fits {@code budgetBytes} of searcher RAM for {@code n}
   * vectors of dimension {@code dim}, after {@code reservedBytes} (cache, id map, structures).
   * Clamped to {@code [1, dim]}; throws when not even one byte per vector fits.
   */
  public static int bytesForBudget(long budgetBytes, long reservedBytes, long n, int dim) {
    long codebookBytes = 4L * K * dim;
    long left = budgetBytes - reservedBytes - codebookBytes;
    long perVector = n == 0 ? dim : left / n;
    if (perVector < 1) {
      throw new VamanaException("--search-memory of " + budgetBytes + " bytes leaves " + left
          + " bytes for PQ codes of " + n + " vectors: need at least " + (n + reservedBytes + codebookBytes) + " bytes");
    }
    return (int) Math.min(dim, perVector);
  }

  public Metric metric() {
    return metric;
  }

  public int dimension() {
    return dim;
  }

  /** Bytes per code, the number of sub-spaces. */
  public int m() {
    return m;
  }

  /** Bytes of memory the codebooks take. */
  public long codebookBytes() {
    return 4L * codebooks.length;
  }

  /**
   * Writes the code of {@code v} (already prepared for the metric) into {@code dst} at {@code off}.
   */
  public void encode(float[] v, MemorySegment dst, long off) {
    float[] d = new float[K];
    for (int s = 0; s < m; s++) {
      int from = subOffset[s], sd = subOffset[s + 1] - from;
      int best = KMeans.nearestTransposed(v, from, sd, transposed, K * from, K, d);
      dst.set(ValueLayout.JAVA_BYTE, off + s, (byte) best);
    }
  }

  /** Encodes row {@code row} of {@code v} into a new array of {@code m} bytes (for tests and tools). */
  public byte[] encode(float[] v) {
    MemorySegment seg = MemorySegment.ofArray(new byte[m]);
    encode(v, seg, 0);
    return seg.toArray(ValueLayout.JAVA_BYTE);
  }

  /**
   * Encodes every row of {@code source} (normalised first for cosine) in parallel on a pool of
   * {@code threads} threads that this call creates and shuts down.
   */
  public PqCodes encodeAll(VectorSource source, int threads, ProgressListener progress) {
    if (source.dimension() != dim) {
      throw new VamanaException("vectors have dimension " + source.dimension() + ", the PQ expects " + dim);
    }
    int n = source.size();
    PqCodes codes = PqCodes.allocate(n, m);
    int block = 4096;
    int blocks = (n + block - 1) / block;
    AtomicLong done = new AtomicLong();
    try (ExecutorService exec = Executors.newFixedThreadPool(Math.max(1, threads))) {
      List<Future<?>> fs = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        int from = b * block, to = Math.min(n, from + block);
        fs.add(exec.submit(() -> {
          float[] v = new float[dim];
          for (int i = from; i < to; i++) {
            source.get(i, v);
            encode(Vectors.prepare(metric, v, "vector " + i), codes.segment(), (long) i * m);
          }
          long d = done.addAndGet(to - from);
          if (progress != null) {
            progress.update(d, n);
          }
        }));
      }
      for (Future<?> f : fs) {
        KMeans.join(f);
      }
    }
    return codes;
  }

  /** A new reusable distance table for this quantizer; fill it per query with {@link PqDistanceTable#prepare}. */
  public PqDistanceTable newTable() {
    return new PqDistanceTable(this, AdcKernel.AUTO, null);
  }

  /** As {@link #newTable()} with a chosen summing kernel (for benchmarks and tests). */
  public PqDistanceTable newTable(AdcKernel kernel) {
    return new PqDistanceTable(this, kernel, null);
  }

  /** As {@link #newTable(AdcKernel)}, also choosing whether batches are scored block by block. */
  public PqDistanceTable newTable(AdcKernel kernel, boolean blocked) {
    return new PqDistanceTable(this, kernel, blocked);
  }

  int subOffset(int s) {
    return subOffset[s];
  }

  float[] codebooks() {
    return codebooks;
  }

  /** Copies centroid {@code c} of sub-space {@code s} into {@code dst} at the sub-space's offset (for decoding). */
  public void decode(MemorySegment code, long off, float[] dst) {
    for (int s = 0; s < m; s++) {
      int from = subOffset[s], sd = subOffset[s + 1] - from;
      int c = code.get(ValueLayout.JAVA_BYTE, off + s) & 0xff;
      System.arraycopy(codebooks, K * from + c * sd, dst, from, sd);
    }
  }

  /** Saves the quantizer and {@code codes} (may be null) tagged with {@code indexId}; see the class javadoc. */
  public void save(Path file, long indexId, PqCodes codes) {
    try (CheckedFileWriter w = new CheckedFileWriter(file)) {
      writeTo(w, indexId, codes);
      w.commit();
    }
  }

  /** Writes the file's content (without footer) to {@code w}; the caller finishes and publishes it. */
  public void writeTo(CheckedFileWriter w, long indexId, PqCodes codes) {
    if (codes != null && codes.m() != m) {
      throw new IllegalArgumentException("codes have " + codes.m() + " bytes, quantizer " + m);
    }
    w.writeInt(MAGIC).writeInt(VERSION).writeLong(indexId).writeInt(metric.code()).writeInt(dim).writeInt(m).writeInt(K);
    w.writeFloats(codebooks, 0, codebooks.length);
    long n = codes == null ? 0 : codes.size();
    w.writeLong(n);
    if (n > 0) {
      w.writeSegment(codes.segment(), 0, n * m);
    }
  }

  /** A quantizer and its codes read back from a file written by {@link #save}. */
  public record Loaded(ProductQuantizer quantizer, PqCodes codes, long indexId) {}

  /** Opens a file written by {@link #save}, verifying its checksum; codes are copied into off-heap memory. */
  public static Loaded open(Path file) {
    try (Arena arena = Arena.ofConfined()) {
      CheckedFileReader r = CheckedFileReader.open(file, arena);
      r.expectInt(MAGIC, "magic");
      r.expectInt(VERSION, "format version");
      long indexId = r.readLong("index id");
      Metric metric = Metric.fromCode(r.readInt("metric"));
      int dim = r.readInt("dimension");
      int m = r.readInt("M");
      r.expectInt(K, "centroids per sub-space");
      if (dim < 1 || dim > 65536 || m < 1 || m > dim) {
        throw new VamanaException(file + ": dimension " + dim + " / M " + m + " out of range");
      }
      float[] books = new float[K * dim];
      r.readFloats(books, 0, books.length, "codebooks");
      long n = r.readLong("code count");
      if (n < 0 || n > Integer.MAX_VALUE || n * m != r.remaining()) {
        throw new VamanaException(file + ": code count " + n + " disagrees with the " + r.remaining()
            + " bytes of codes (M = " + m + ")");
      }
      PqCodes codes = PqCodes.allocate((int) n, m);
      r.copyBytes(codes.segment(), 0, n * m, "codes");
      r.expectEnd();
      return new Loaded(new ProductQuantizer(metric, dim, m, books), codes, indexId);
    }
  }
}
