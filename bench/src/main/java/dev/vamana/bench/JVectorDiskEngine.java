package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.quantization.KMeansPlusPlusClusterer;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

/**
 * jvector 4.0.2's on-disk index as a bench engine {@code jvector-disk}, searched the way jvector
 * recommends for memory-constrained search: the graph walk scores nodes with PQ codes held in RAM
 * ({@link ProductQuantization} + {@link PQVectors}, {@code pqBytes} sub-spaces of 256 centroids), and
 * the {@code rerankK} candidates it keeps are re-ranked by exact distance from the full-precision
 * vectors stored inline in the on-disk graph ({@code DefaultSearchScoreProvider(approximate,
 * reranker)}).
 *
 * <p>Build: the graph is built in memory over the full vectors with the settings of {@link
 * JVectorEngine} (degree 32, beam width 100, overflow 1.2, alpha 1.2, hierarchy and refinement on),
 * written with {@link OnDiskGraphIndex#write} (inline full vectors) into a temporary directory, the
 * in-memory graph dropped, and the file opened read-only with {@link ReaderSupplierFactory#open}
 * (on JDK 22+ a {@code MemorySegmentReader}: the file is memory-mapped). PQ is trained with
 * {@code ProductQuantization.compute(vectors, pqBytes, 256, centre = (metric is L2))}, jvector's own
 * choice in its benchmarks. {@code pqBytes} 0 means a third of the dimension, as {@link
 * VamanaDiskEngine} picks.
 *
 * <p>Metrics as in {@link JVectorEngine} (cosine: dot product on vectors normalised here).
 *
 * <p>Index bytes: the size of the graph file. RAM bytes: what jvector says the searcher holds on
 * the heap, {@code PQVectors.ramBytesUsed()} (codes and codebooks) plus {@code
 * OnDiskGraphIndex.ramBytesUsed()} (its in-memory structures: headers and the upper hierarchy
 * layers it loads). The mapped graph file itself is page cache and not counted, as {@code
 * vamana-disk} does not count the page cache of its {@code --io mmap} mode; unlike {@code
 * vamana-disk}'s default O_DIRECT reads, jvector's reads go through that page cache, so on a set
 * that fits in memory they stop touching the disk once warm.
 *
 * <p>Thread-safety: {@link #search} may be called concurrently (one {@link GraphSearcher} with its
 * own view of the file per thread); build once. Owns the temporary directory, deleted by {@link
 * #close}.
 */
public final class JVectorDiskEngine implements Engine {
  private static final VectorTypeSupport VTS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private final int requestedPqBytes;
  private int pqBytes;
  private Metric metric;
  private VectorSimilarityFunction similarity;
  private Path dir;
  private Path graphFile;
  private OnDiskGraphIndex index;
  private PQVectors pqVectors;
  private JVectorSearchers searchers;
  private final LongAdder visited = new LongAdder();

  /** With PQ codes of a third of the dimension in bytes. */
  public JVectorDiskEngine() {
    this(0);
  }

  /** @param pqBytes PQ sub-spaces (bytes per vector), or 0 for a third of the dimension */
  public JVectorDiskEngine(int pqBytes) {
    if (pqBytes < 0) {
      throw new VamanaException("--pq-bytes must not be negative, got " + pqBytes);
    }
    this.requestedPqBytes = pqBytes;
  }

  @Override
  public String name() {
    return "jvector-disk";
  }

  @Override
  public String settings() {
    return "jvector 4.0.2 OnDiskGraphIndex (mapped, inline vectors): degree=" + JVectorEngine.DEGREE
        + " beamWidth=" + JVectorEngine.BEAM_WIDTH + " alpha=" + JVectorEngine.ALPHA
        + " hierarchy=on; PQ bytes=" + (pqBytes == 0 ? "dim/3" : pqBytes)
        + " in RAM, exact re-rank of rerankK from disk";
  }

  @Override
  public String paramName() {
    return "rerankK";
  }

  @Override
  public boolean concurrentSearch() {
    return true;
  }

  @Override
  public void build(VectorStore base, Metric metric, int threads, Progress progress) {
    if (index != null) {
      throw new IllegalStateException("jvector-disk engine already built");
    }
    int dim = base.dimension();
    pqBytes = requestedPqBytes == 0 ? Math.max(1, dim / 3) : requestedPqBytes;
    if (pqBytes > dim) {
      throw new VamanaException("--pq-bytes " + pqBytes + " is larger than the dimension " + dim);
    }
    this.metric = metric;
    this.similarity = JVectorEngine.similarity(metric);
    RandomAccessVectorValues vectors = JVectorEngine.values(base, metric);
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      dir = Files.createTempDirectory("jvector-disk-bench");
      graphFile = dir.resolve("graph.jv");
      ProductQuantization pq = ProductQuantization.compute(vectors, pqBytes, 256,
          similarity == VectorSimilarityFunction.EUCLIDEAN, KMeansPlusPlusClusterer.UNWEIGHTED, pool, pool);
      pqVectors = (PQVectors) pq.encodeAll(vectors, pool);
      ImmutableGraphIndex graph = JVectorEngine.buildGraph(vectors, similarity, pool, progress);
      OnDiskGraphIndex.write(graph, vectors, graphFile);
      index = OnDiskGraphIndex.load(ReaderSupplierFactory.open(graphFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pool.shutdown();
    }
    searchers = new JVectorSearchers(index);
  }

  /** The size of the on-disk graph file (graph and inline full vectors). */
  @Override
  public long indexBytes() {
    requireBuilt();
    try {
      return Files.size(graphFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PQ codes and codebooks plus the on-disk index's own heap structures (jvector's accounting). */
  @Override
  public long ramBytes() {
    requireBuilt();
    return pqVectors.ramBytesUsed() + index.ramBytesUsed();
  }

  /** The PQ code size used, once built. */
  int pqBytes() {
    return pqBytes;
  }

  @Override
  public int[] search(float[] query, int k, int param) {
    requireBuilt();
    if (param < k) {
      throw new VamanaException("jvector-disk rerankK " + param + " is smaller than k " + k);
    }
    VectorFloat<?> q = VTS.createFloatVector(Vectors.prepare(metric, query, "query"));
    GraphSearcher searcher = searchers.get();
    ScoreFunction.ApproximateScoreFunction asf = pqVectors.precomputedScoreFunctionFor(q, similarity);
    ScoreFunction.ExactScoreFunction reranker =
        ((OnDiskGraphIndex.View) searcher.getView()).rerankerFor(q, similarity);
    SearchResult r = searcher.search(new DefaultSearchScoreProvider(asf, reranker), k, param,
        Float.NEGATIVE_INFINITY, 0f, Bits.ALL);
    visited.add(r.getVisitedCount());
    return JVectorSearchers.topIds(r, k);
  }

  /** Sum of jvector's {@code SearchResult.getVisitedCount()} (nodes scored with PQ). */
  @Override
  public long distanceComputations() {
    return visited.sum();
  }

  private void requireBuilt() {
    if (index == null) {
      throw new IllegalStateException("jvector-disk engine not built");
    }
  }

  @Override
  public void close() {
    if (searchers != null) {
      searchers.close();
    }
    if (index != null) {
      try {
        index.close();
      } catch (IOException ignored) {
        // read-only file
      }
      index = null;
    }
    PeerVectors.deleteTree(dir);
    dir = null;
  }
}
