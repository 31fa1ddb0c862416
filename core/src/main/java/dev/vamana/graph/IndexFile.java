package dev.vamana.graph;

import dev.vamana.VamanaException;
import dev.vamana.io.AtomicFiles;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The file format of a {@link VamanaIndex}. All numbers little-endian.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "VMNI" (0x494E4D56 read as a little-endian int)
 *      4     4  format version (2; version 1 files, identical but for S = R, are read too)
 *      8     4  metric code (1 = l2, 2 = inner product, 3 = cosine)
 *     12     4  dimension d
 *     16     4  node count n (slots, including deleted ones)
 *     20     4  live count
 *     24     4  max degree R
 *     28     4  build list size L
 *     32     4  alpha (float32)
 *     36     4  entry point ordinal (-1 when empty)
 *     40     8  seed
 *     48     8  offset of the vector section (a multiple of 64)
 *     56     4  norm bound M of the inner-product transformation (float32; 0 for other metrics)
 *     60     4  quantization of the graph walk (0 = none, 1 = sq8; codes are rebuilt on open)
 *     64     4  neighbour slots per node S, R <= S (version 1: zero, and S = R): lists longer than R
 *                 that incremental inserts grew (up to the in-memory slack) are kept as they are
 *     68    60  zero (reserved)
 *    128  8*n   external id of each slot (int64)
 *      .  8*w   liveness bitmap, w = ceil(n / 64) int64 words, bit i of word i/64 = slot i live
 *      .  4*n*(S+1)  adjacency: per slot its degree, then S neighbour ordinals (unused ones zero)
 *      .     .  zero padding up to the vector section offset
 *      v  4*n*s vectors (float32, row after row; unit length for cosine); s = d, or d + 1 for
 *           inner product, whose rows end with their MIPS-to-L2 coordinate sqrt(M^2 - |x|^2)
 *      .     4  footer magic "VMNF"
 *      .     4  zero
 *      .     8  CRC32C of every byte before the footer (in the low 32 bits)
 * </pre>
 *
 * Opening checks the magic, the version, every header field against the file size, and the
 * checksum, then maps the vector section (FFM {@code MemorySegment}, no copy onto the heap) and
 * reads the graph and ids into memory, where they stay mutable.
 */
final class IndexFile {
  static final int MAGIC = 0x494E4D56; // "VMNI"
  static final int FOOTER_MAGIC = 0x464E4D56; // "VMNF"
  static final int VERSION = 2;
  static final int HEADER_BYTES = 128;
  static final int FOOTER_BYTES = 16;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private IndexFile() {}

  static long vectorOffset(int n, int slots) {
    long o = HEADER_BYTES + 8L * n + 8L * ((n + 63) / 64) + 4L * n * (slots + 1);
    return (o + 63) & ~63L;
  }

  /** Slots per node: as many as the longest list, R after a one-shot build, up to the slack after inserts. */
  private static int neighbourSlots(VamanaIndex index, int n) {
    int slots = index.maxDegree;
    for (int i = 0; i < n; i++) {
      slots = Math.max(slots, index.graph.degree(i));
    }
    return slots;
  }

  static void write(VamanaIndex index, Path file) {
    int n = index.nodeCount();
    int r = index.maxDegree;
    int s = neighbourSlots(index, n);
    int d = index.dimension;
    long vecOff = vectorOffset(n, s);
    AtomicFiles.write(file, ch -> {
      Writer w = new Writer(ch);
      w.putInt(MAGIC).putInt(VERSION).putInt(index.metric.code()).putInt(d).putInt(n)
          .putInt(index.size()).putInt(r).putInt(index.buildListSize).putFloat(index.alpha)
          .putInt(index.entryPoint()).putLong(index.seed).putLong(vecOff).putFloat(index.normBound())
          .putInt(index.quantization.code()).putInt(s);
      w.zeros(HEADER_BYTES - 68);
      for (int i = 0; i < n; i++) {
        w.putLong(index.externalId(i));
      }
      for (int word = 0; word < (n + 63) / 64; word++) {
        long bits = 0;
        for (int b = 0; b < 64 && word * 64 + b < n; b++) {
          if (index.isLive(word * 64 + b)) {
            bits |= 1L << b;
          }
        }
        w.putLong(bits);
      }
      int[] nb = new int[index.neighborCapacity()];
      for (int i = 0; i < n; i++) {
        int deg = index.neighbors(i, nb);
        if (deg > s) { // the caller holds the index's write lock, so no list grows while this runs
          throw new IllegalStateException("node " + i + " has " + deg + " neighbours, more than the " + s + " slots");
        }
        w.putInt(deg);
        for (int j = 0; j < s; j++) {
          w.putInt(j < deg ? nb[j] : 0);
        }
      }
      w.zeros(vecOff - w.position());
      VectorStore vs = index.store;
      for (int i = 0; i < n; i++) {
        w.putSegment(vs.segment(i), vs.offset(i), 4L * index.storedDimension);
      }
      long crc = w.crc();
      w.putInt(FOOTER_MAGIC).putInt(0).putLong(crc);
      w.flush();
    });
  }

  static VamanaIndex read(Path file, int threads) {
    if (!Files.exists(file)) {
      throw new VamanaException("index file " + file + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new VamanaException(file + " is a folder, not an index file (an SSD index from build-disk? search it with"
          + " search-disk)");
    }
    Arena arena = Arena.ofShared();
    boolean ok = false;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_BYTES + FOOTER_BYTES) {
        throw new VamanaException("index file " + file + " is truncated or not an index (" + size + " bytes)");
      }
      MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      int magic = seg.get(INT, 0);
      if (magic != MAGIC) {
        throw new VamanaException("index file " + file + " has a wrong magic number 0x"
            + Integer.toHexString(magic) + " (expected 0x" + Integer.toHexString(MAGIC) + ", a Vamana index)");
      }
      int version = seg.get(INT, 4);
      if (version != VERSION && version != 1) {
        throw new VamanaException("index file " + file + " has format version " + version
            + "; this build reads versions 1 and " + VERSION);
      }
      Metric metric = Metric.fromCode(seg.get(INT, 8));
      int d = seg.get(INT, 12);
      int n = seg.get(INT, 16);
      int liveTotal = seg.get(INT, 20);
      int r = seg.get(INT, 24);
      int l = seg.get(INT, 28);
      float alpha = seg.get(FLOAT, 32);
      int entry = seg.get(INT, 36);
      long seed = seg.get(LONG, 40);
      long vecOff = seg.get(LONG, 48);
      float normBound = seg.get(FLOAT, 56);
      Quantization quantization = Quantization.fromCode(seg.get(INT, 60));
      int slots = version == 1 ? r : seg.get(INT, 64);
      if (d < 1 || d > 65_536 || n < 0 || r < 2 || r > 4096 || liveTotal < 0 || liveTotal > n
          || entry < -1 || entry >= Math.max(n, 1) || slots < r || slots > VamanaIndex.neighborCapacity(r)) {
        throw new VamanaException("index file " + file + " has an invalid header (dimension " + d
            + ", nodes " + n + ", live " + liveTotal + ", R " + r + ", neighbour slots " + slots + ", entry " + entry + ")");
      }
      int sd = metric == Metric.INNER_PRODUCT ? d + 1 : d;
      long expected = vectorOffset(n, slots) + 4L * n * sd + FOOTER_BYTES;
      if (vecOff != vectorOffset(n, slots) || size != expected) {
        throw new VamanaException("index file " + file + " is " + size + " bytes, expected " + expected
            + " for " + n + " vectors of dimension " + d + " (truncated or corrupt)");
      }
      long crcOff = size - FOOTER_BYTES;
      if (seg.get(INT, crcOff) != FOOTER_MAGIC) {
        throw new VamanaException("index file " + file + " has no valid footer (truncated or corrupt)");
      }
      long stored = seg.get(LONG, crcOff + 8);
      long actual = crc32c(seg, crcOff);
      if (stored != actual) {
        throw new VamanaException("index file " + file + " failed its checksum (stored "
            + Long.toHexString(stored) + ", computed " + Long.toHexString(actual) + "): the file is corrupt");
      }
      VamanaIndex.Builder b = VamanaIndex.builder().dimension(d).metric(metric).maxDegree(r)
          .buildListSize(l).alpha(alpha).seed(seed).threads(Math.max(1, threads)).quantization(quantization);
      b.validate();
      VectorStore store = VectorStore.wrap(seg.asSlice(vecOff, 4L * n * sd), sd, n);
      VamanaIndex index = new VamanaIndex(b, store, arena);
      index.setNormBound(normBound);
      index.restore(n, liveTotal, entry);
      long idsOff = HEADER_BYTES;
      long liveOff = idsOff + 8L * n;
      long adjOff = liveOff + 8L * ((n + 63) / 64);
      int[] nb = new int[slots];
      for (int i = 0; i < n; i++) {
        long base = adjOff + 4L * i * (slots + 1);
        int deg = seg.get(INT, base);
        if (deg < 0 || deg > slots) {
          throw new VamanaException("index file " + file + ": node " + i + " has degree " + deg + " (max " + slots + ")");
        }
        for (int j = 0; j < deg; j++) {
          int x = seg.get(INT, base + 4L * (j + 1));
          if (x < 0 || x >= n) {
            throw new VamanaException("index file " + file + ": node " + i + " has neighbour " + x + " out of range");
          }
          nb[j] = x;
        }
        index.graph.setNeighbors(i, nb, deg);
        boolean isLive = (seg.get(LONG, liveOff + 8L * (i >>> 6)) & (1L << i)) != 0;
        long id = seg.get(LONG, idsOff + 8L * i);
        if (isLive) {
          index.restoreLive(id, i);
        } else {
          index.restoreDead(id, i, deg == 0);
        }
      }
      if (quantization == Quantization.SQ8 && n >= VamanaIndex.SQ8_TRAIN_AFTER) {
        index.trainQuantizer();
      }
      ok = true;
      return index;
    } catch (NoSuchFileException e) {
      throw new VamanaException("index file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new VamanaException("cannot read index file " + file + ": " + e.getMessage(), e);
    } finally {
      if (!ok) {
        arena.close();
      }
    }
  }

  static long crc32c(MemorySegment seg, long length) {
    CRC32C crc = new CRC32C();
    long chunk = 1L << 30;
    for (long off = 0; off < length; off += chunk) {
      crc.update(seg.asSlice(off, Math.min(chunk, length - off)).asByteBuffer());
    }
    return crc.getValue();
  }

  /** Buffered little-endian writer that keeps a running CRC32C. */
  private static final class Writer {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long written;

    Writer(FileChannel ch) {
      this.ch = ch;
    }

    long position() {
      return written + buf.position();
    }

    private void room(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
    }

    Writer putInt(int v) throws IOException {
      room(4);
      buf.putInt(v);
      return this;
    }

    Writer putLong(long v) throws IOException {
      room(8);
      buf.putLong(v);
      return this;
    }

    Writer putFloat(float v) throws IOException {
      room(4);
      buf.putFloat(v);
      return this;
    }

    void zeros(long n) throws IOException {
      for (long i = 0; i < n; i++) {
        room(1);
        buf.put((byte) 0);
      }
    }

    void putSegment(MemorySegment src, long off, long len) throws IOException {
      while (len > 0) {
        room(1);
        int take = (int) Math.min(len, buf.remaining());
        MemorySegment.copy(src, off, MemorySegment.ofBuffer(buf), 0, take);
        buf.position(buf.position() + take);
        off += take;
        len -= take;
      }
    }

    /** CRC of everything written so far (flushes the buffer). */
    long crc() throws IOException {
      flush();
      return crc.getValue();
    }

    void flush() throws IOException {
      buf.flip();
      ByteBuffer view = buf.duplicate();
      crc.update(view);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      written += buf.limit();
      buf.clear();
    }
  }
}
