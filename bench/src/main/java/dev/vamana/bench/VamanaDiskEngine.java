package dev.vamana.bench;

import dev.vamana.disk.BuildPhases;
import dev.vamana.disk.DiskIndex;
import dev.vamana.disk.DiskIndexBuilder;
import dev.vamana.disk.VamanaGraphBuilder;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The SSD index ({@link DiskIndex}) as a bench engine {@code vamana-disk}: built with R=64, L=100,
 * alpha=1.2 and PQ codes of a third of the dimension in bytes (128 for 384-d) into a temporary
 * directory, searched with O_DIRECT reads, beam width W=4 and the 2,000 nodes nearest the medoid
 * cached. The search parameter is the candidate list size {@code L}.
 *
 * <p>Index bytes: the RAM the searcher holds ({@link DiskIndex#ramBytes()}: PQ codes and codebooks,
 * ids, node cache, search buffers), not the files on disk, since that is what the SSD index trades.
 *
 * <p>Thread-safety: {@link #search} may be called concurrently; build once. Owns the temporary
 * directory, deleted by {@link #close}.
 */
public final class VamanaDiskEngine implements Engine {
  static final int CACHE_NODES = 2000;
  static final int BEAM_WIDTH = 4;

  private Path dir;
  private DiskIndex index;
  private int pqBytes;

  @Override
  public String name() {
    return "vamana-disk";
  }

  @Override
  public String settings() {
    return "Vamana SSD index: R=" + VamanaEngine.MAX_DEGREE + " L=" + VamanaEngine.BUILD_LIST_SIZE + " alpha="
        + VamanaEngine.ALPHA + " PQ bytes=" + (pqBytes == 0 ? "dim/3" : pqBytes) + " W=" + BEAM_WIDTH
        + " cache=" + CACHE_NODES + " nodes, O_DIRECT reads";
  }

  @Override
  public String paramName() {
    return "L";
  }

  @Override
  public void build(VectorStore base, Metric metric, int threads, Progress progress) {
    if (index != null) {
      throw new IllegalStateException("vamana-disk engine already built");
    }
    pqBytes = Math.max(1, base.dimension() / 3);
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
    index = DiskIndex.open(dir, DiskIndex.Options.defaults().withCacheNodes(CACHE_NODES).withBeamWidth(BEAM_WIDTH));
  }

  @Override
  public long indexBytes() {
    requireBuilt();
    return index.ramBytes();
  }

  @Override
  public int[] search(float[] query, int k, int param) {
    requireBuilt();
    return Engine.rowIds(index.search(query, k, param).ids());
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
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // best effort: a temporary directory
      }
      dir = null;
    }
  }
}
