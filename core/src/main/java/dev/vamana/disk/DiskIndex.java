package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.quant.PqCodes;
import dev.vamana.quant.ProductQuantizer;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorKernels;
import dev.vamana.vector.Vectors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;

/**
 * An SSD index opened for search: PQ codes, external ids and the node cache in RAM, full vectors
 * and neighbour lists read from the layout file on demand (see {@link DiskIndexWriter} for the
 * files). {@link #search} runs a beam search of width W; see {@link BeamSearch}.
 *
 * <p>Thread-safe: any number of concurrent searches, each with scratch state from a pool. Owns its
 * file channel, mapping and read threads until {@link #close}; do not search after closing.
 */
public final class DiskIndex implements AutoCloseable {
  private final Path dir;
  private final DiskLayout layout;
  private final ProductQuantizer pq;
  private final PqCodes codes;
  private final long[] ids;
  private final BlockReader reader;
  private final NodeCache cache;
  private final VectorKernels kernels = Kernels.get();
  private final ConcurrentLinkedQueue<BeamSearch> pool = new ConcurrentLinkedQueue<>();
  private final int defaultWidth;
  private final int cacheFileNodes;

  /** How to open an index. */
  public record Options(IoMode io, ReadConcurrency concurrency, int ioThreads, int cacheNodes, int beamWidth, boolean verifyChecksums) {
    public Options {
      if (beamWidth < 1 || beamWidth > 64) {
        throw new VamanaException("--W " + beamWidth + " out of range (1..64)");
      }
      if (cacheNodes < 0) {
        throw new VamanaException("--cache-nodes must be >= 0, got " + cacheNodes);
      }
    }

    public static Options defaults() {
      return new Options(IoMode.DIRECT, ReadConcurrency.POOL, 8, 0, 4, true);
    }

    public Options withIo(IoMode m) {
      return new Options(m, concurrency, ioThreads, cacheNodes, beamWidth, verifyChecksums);
    }

    public Options withConcurrency(ReadConcurrency c) {
      return new Options(io, c, ioThreads, cacheNodes, beamWidth, verifyChecksums);
    }

    public Options withCacheNodes(int n) {
      return new Options(io, concurrency, ioThreads, n, beamWidth, verifyChecksums);
    }

    public Options withBeamWidth(int w) {
      return new Options(io, concurrency, ioThreads, cacheNodes, w, verifyChecksums);
    }

    public Options withIoThreads(int t) {
      return new Options(io, concurrency, t, cacheNodes, beamWidth, verifyChecksums);
    }
  }

  private DiskIndex(Path dir, DiskLayout layout, ProductQuantizer pq, PqCodes codes, long[] ids, BlockReader reader, NodeCache cache,
      int cacheFileNodes, int width) {
    this.cacheFileNodes = cacheFileNodes;
    this.dir = dir;
    this.layout = layout;
    this.pq = pq;
    this.codes = codes;
    this.ids = ids;
    this.reader = reader;
    this.cache = cache;
    this.defaultWidth = width;
  }

  /** Opens the index in {@code dir}, verifying headers, checksums and that the files belong together. */
  public static DiskIndex open(Path dir, Options options) {
    Path lf = dir.resolve(DiskIndexWriter.LAYOUT);
    DiskLayout layout = readLayout(lf, options.verifyChecksums());
    ProductQuantizer.Loaded loaded = ProductQuantizer.open(dir.resolve(DiskIndexWriter.PQ));
    Path pf = dir.resolve(DiskIndexWriter.PQ);
    if (loaded.indexId() != layout.indexId()) {
      throw new VamanaException(pf + ": belongs to another index (index id " + Long.toHexString(loaded.indexId())
          + ", the layout file has " + Long.toHexString(layout.indexId()) + ")");
    }
    ProductQuantizer pq = loaded.quantizer();
    if (pq.dimension() != layout.dimension() || pq.metric() != layout.metric() || loaded.codes().size() != layout.nodeCount()) {
      throw new VamanaException(pf + ": PQ for dimension " + pq.dimension() + ", metric " + pq.metric().shortName() + ", "
          + loaded.codes().size() + " codes; the layout has dimension " + layout.dimension() + ", metric "
          + layout.metric().shortName() + ", " + layout.nodeCount() + " nodes");
    }
    long[] ids = IdMapFile.read(dir.resolve(DiskIndexWriter.IDS), layout.indexId(), layout.nodeCount());
    BlockReader reader = new BlockReader(lf, options.io(), options.concurrency(), options.ioThreads(), layout.blockBytes());
    try (Arena cacheArena = Arena.ofConfined()) {
      // the side file is verified whenever present, even when no cache is asked for
      NodeCacheFile.Loaded prefix = NodeCacheFile.read(dir.resolve(DiskIndexWriter.CACHE), layout, cacheArena);
      NodeCache cache = NodeCache.load(layout, reader, options.cacheNodes(), prefix);
      return new DiskIndex(dir, layout, pq, loaded.codes(), ids, reader, cache, prefix == null ? -1 : prefix.count(),
          options.beamWidth());
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Reads and checks the header sector, and (when asked) the checksum of all data sectors with direct reads. */
  static DiskLayout readLayout(Path file, boolean verify) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
      long size = ch.size();
      MemorySegment header = arena.allocate(DiskLayout.SECTOR, DiskLayout.SECTOR);
      ByteBuffer hb = header.asByteBuffer();
      while (hb.hasRemaining() && ch.read(hb, hb.position()) > 0) {
        // fill the header sector
      }
      DiskLayout layout = DiskLayout.readHeader(header, file, size);
      if (verify) {
        int crc = dataCrc(file, layout, arena);
        if (crc != layout.dataCrc()) {
          throw new VamanaException(file + ": checksum mismatch in the data sectors (stored CRC32C 0x"
              + Integer.toHexString(layout.dataCrc()) + ", computed 0x" + Integer.toHexString(crc) + "): the file is corrupt");
        }
      }
      return layout;
    } catch (NoSuchFileException e) {
      throw new VamanaException(file + ": no such file (not an SSD index directory?)", e);
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static int dataCrc(Path file, DiskLayout layout, Arena arena) throws IOException {
    CRC32C crc = new CRC32C();
    int chunk = 1 << 20;
    MemorySegment buf = arena.allocate(chunk, DiskLayout.SECTOR);
    FileChannel ch;
    try {
      ch = BlockReader.openDirect(file); // do not pull the whole file into the page cache
    } catch (VamanaException e) {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    }
    try (FileChannel c = ch) {
      long pos = DiskLayout.SECTOR, end = layout.fileBytes();
      while (pos < end) {
        int len = (int) Math.min(chunk, end - pos);
        ByteBuffer bb = buf.asSlice(0, len).asByteBuffer();
        while (bb.hasRemaining()) {
          int r = c.read(bb, pos + bb.position());
          if (r < 0) {
            throw new VamanaException(file + ": truncated at offset " + (pos + bb.position()));
          }
        }
        bb.flip();
        crc.update(bb);
        pos += len;
      }
    }
    return (int) crc.getValue();
  }

  public DiskLayout layout() {
    return layout;
  }

  public Metric metric() {
    return layout.metric();
  }

  public int dimension() {
    return layout.dimension();
  }

  public int size() {
    return layout.nodeCount();
  }

  public ProductQuantizer quantizer() {
    return pq;
  }

  /** True when node reads bypass the page cache (O_DIRECT accepted by the file system). */
  public boolean bypassesPageCache() {
    return reader.bypassesPageCache();
  }

  /** Nodes in the node cache. */
  public int cachedNodes() {
    return cache.size();
  }

  /** How many of the cached nodes were loaded from the side file {@value DiskIndexWriter#CACHE}; the rest were read by BFS. */
  public int cachedNodesFromFile() {
    return cache.fromFile();
  }

  /** Nodes held by the side file {@value DiskIndexWriter#CACHE}, or -1 when the index has none. */
  public int cacheFileNodes() {
    return cacheFileNodes;
  }

  public Path directory() {
    return dir;
  }

  /**
   * Bytes of RAM the searcher holds: PQ codes and codebooks, the id map, the node cache and the
   * scratch state of the pooled searches (not the JVM, not the page cache that mmap mode uses).
   */
  public long ramBytes() {
    long b = codes.bytes() + pq.codebookBytes() + 8L * ids.length + cache.bytes();
    for (BeamSearch s : pool) {
      b += s.bytes();
    }
    return b;
  }

  /** The raw float32 bytes of the vectors: the figure the 15% RAM target is measured against. */
  public long rawVectorBytes() {
    return 4L * layout.dimension() * layout.nodeCount();
  }

  /** Searches with the default beam width. */
  public DiskSearchResult search(float[] query, int k, int listSize) {
    return search(query, k, listSize, defaultWidth);
  }

  /** The {@code k} nearest ids to {@code query} with candidate list size {@code listSize} (>= k) and beam width {@code width}. */
  public DiskSearchResult search(float[] query, int k, int listSize, int width) {
    Vectors.checkVector(query, layout.dimension(), "query");
    if (k < 1) {
      throw new VamanaException("k must be at least 1, got " + k);
    }
    if (listSize < k) {
      throw new VamanaException("L (" + listSize + ") must be at least k (" + k + ")");
    }
    if (width < 1 || width > 64) {
      throw new VamanaException("W " + width + " out of range (1..64)");
    }
    float[] q = Vectors.prepare(layout.metric(), query, "query");
    BeamSearch s = pool.poll();
    if (s == null || s.width() < width) {
      s = new BeamSearch(layout, reader, cache, pq, codes, kernels, Math.max(width, defaultWidth));
    }
    try {
      return s.search(q, k, listSize, width, ids);
    } finally {
      pool.offer(s);
    }
  }

  @Override
  public void close() {
    reader.close();
  }

  /**
   * Reads node {@code ord}'s record from disk: its vector into {@code vector}, its neighbours into
   * {@code neighbors}; returns the degree. For tools and tests (one read, allocates its buffer).
   */
  public int readNode(int ord, float[] vector, int[] neighbors) {
    if (ord < 0 || ord >= layout.nodeCount()) {
      throw new VamanaException("node " + ord + " out of range 0.." + (layout.nodeCount() - 1));
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment[] bufs = {reader.newBuffer(arena)};
      ByteBuffer[] views = {bufs[0].asByteBuffer()};
      MemorySegment[] out = new MemorySegment[1];
      reader.read(new long[] {layout.blockOffset(ord)}, 1, bufs, views, out, null);
      long base = layout.offsetInBlock(ord);
      MemorySegment.copy(out[0], DiskLayout.FLOAT, base, vector, 0, layout.dimension());
      int deg = out[0].get(DiskLayout.INT, base + layout.degreeOffset());
      MemorySegment.copy(out[0], DiskLayout.INT, base + layout.degreeOffset() + 4, neighbors, 0, deg);
      return deg;
    }
  }

  /** The external id of node {@code ord}. */
  public long externalId(int ord) {
    return ids[ord];
  }

}
