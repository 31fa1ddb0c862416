package dev.vamana.bench;

import dev.vamana.disk.BuildPhases;
import dev.vamana.disk.DiskIndex;
import dev.vamana.disk.DiskIndexBuilder;
import dev.vamana.disk.DiskSearchResult;
import dev.vamana.disk.IoMode;
import dev.vamana.disk.VamanaGraphBuilder;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SSD index ({@link DiskIndex}) as a bench engine {@code vamana-disk}: built with R=48 ({@link
 * VamanaEngine}'s degree), L=100, alpha=1.2 and PQ codes of a third of the dimension in bytes (128 for 384-d) into a temporary
 * directory, searched with O_DIRECT reads (or, as {@code vamana-disk-mmap}, through a memory map),
 * beam width W=4 and the 2,000 nodes nearest the medoid cached. The search parameter is the
 * candidate list size {@code L}. {@code pqBytes} other than 0 replaces the dim/3 default.
 *
 * <p>Index bytes: the files of the index directory (as {@code search-disk --csv} reports). RAM
 * bytes: what the searcher holds ({@link DiskIndex#ramBytes()}: PQ codes and codebooks, ids, node
 * cache, search buffers; in mmap mode the page cache is not counted). Disk reads: the node blocks
 * each search read (cache hits excluded), as {@link dev.vamana.disk.DiskSearchResult#reads()}.
 *
 * <p>Thread-safety: {@link #search} may be called concurrently; build once. Owns the temporary
 * directory, deleted by {@link #close}.
 */
public final class VamanaDiskEngine implements Engine {
  static final int CACHE_NODES = 2000;
  static final int BEAM_WIDTH = 4;

  private final String name;
  private final IoMode io;
  private final int requestedPqBytes;
  private final LongAdder reads = new LongAdder();
  private Path dir;
  private DiskIndex index;
  private int pqBytes;

  /** O_DIRECT reads, PQ codes of a third of the dimension in bytes. */
  public VamanaDiskEngine() {
    this(IoMode.DIRECT, 0);
  }

  /**
   * @param io how node blocks are read ({@code DIRECT}: engine {@code vamana-disk}; {@code MMAP}:
   *     {@code vamana-disk-mmap})
   * @param pqBytes PQ bytes per vector, or 0 for a third of the dimension
   */
  public VamanaDiskEngine(IoMode io, int pqBytes) {
    if (pqBytes < 0) {
      throw new dev.vamana.VamanaException("--pq-bytes must not be negative, got " + pqBytes);
    }
    this.io = io;
    this.name = io == IoMode.MMAP ? "vamana-disk-mmap" : "vamana-disk";
    this.requestedPqBytes = pqBytes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String settings() {
    return "Vamana SSD index: R=" + VamanaEngine.MAX_DEGREE + " L=" + VamanaEngine.BUILD_LIST_SIZE + " alpha="
        + VamanaEngine.ALPHA + " PQ bytes=" + (pqBytes == 0 ? "dim/3" : pqBytes) + " W=" + BEAM_WIDTH
        + " cache=" + CACHE_NODES + " nodes, " + (io == IoMode.MMAP ? "mmap (page cache)" : "O_DIRECT") + " reads";
  }

  @Override
  public boolean concurrentSearch() {
    return true;
  }

  @Override
  public String paramName() {
    return "L";
  }

  @Override
  public void build(VectorStore base, Metric metric, int threads, Progress progress) {
    if (index != null) {
      throw new IllegalStateException(name + " engine already built");
    }
    pqBytes = requestedPqBytes == 0 ? Math.max(1, base.dimension() / 3) : requestedPqBytes;
    try {
      dir = Files.createTempDirectory("vamana-disk-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BuildPhases phases = new BuildPhases() {
      @Override
      public ProgressListener start(String phase) {
        return phase.startsWith("build graph") ? progress::update : (d, t) -> {};
      }

      @Override
      public void finish() {}
    };
    DiskIndexBuilder.builder().metric(metric).maxDegree(VamanaEngine.MAX_DEGREE).alpha(VamanaEngine.ALPHA)
        .pqBytes(pqBytes).threads(threads).seed(VamanaEngine.SEED)
        .graphBuilder(new VamanaGraphBuilder(VamanaEngine.BUILD_LIST_SIZE, VamanaEngine.ALPHA, threads, VamanaEngine.SEED))
        .build(VectorSource.of(base), null, dir, phases);
    dev.vamana.disk.NodeCacheFile.write(dir, CACHE_NODES); // as build-disk does: the cache loads from its side file
    index = DiskIndex.open(dir, DiskIndex.Options.defaults().withIo(io).withCacheNodes(CACHE_NODES).withBeamWidth(BEAM_WIDTH));
  }

  /** The bytes of the index directory's files. */
  @Override
  public long indexBytes() {
    requireBuilt();
    return PeerVectors.directoryBytes(dir, f -> true);
  }

  /** {@link DiskIndex#ramBytes()}. */
  @Override
  public long ramBytes() {
    requireBuilt();
    return index.ramBytes();
  }

  @Override
  public long diskReads() {
    return reads.sum();
  }

  @Override
  public int[] search(float[] query, int k, int param) {
    requireBuilt();
    DiskSearchResult r = index.search(query, k, param);
    reads.add(r.reads());
    return Engine.rowIds(r.ids());
  }

  private void requireBuilt() {
    if (index == null) {
      throw new IllegalStateException("vamana-disk engine not built");
    }
  }

  @Override
  public void close() {
    if (index != null) {
      index.close();
      index = null;
    }
    PeerVectors.deleteTree(dir);
    dir = null;
  }
}
