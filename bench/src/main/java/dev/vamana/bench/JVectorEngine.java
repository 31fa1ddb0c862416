package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * jvector 4.x in-memory graph ({@link GraphIndexBuilder} + {@link GraphSearcher}) with the
 * settings jvector recommends for high recall: max degree 32, construction beam width 100,
 * neighbour overflow 1.2, alpha 1.2, hierarchy on, final refinement on. Exact scoring over
 * full-precision heap vectors (no PQ), so it measures the same thing as our in-memory index.
 *
 * <p>Metrics: L2 maps to {@code EUCLIDEAN}, inner product to {@code DOT_PRODUCT}, cosine to
 * {@code DOT_PRODUCT} on vectors (and queries) normalised here. jvector's {@code DOT_PRODUCT} graph
 * assumes unit vectors: on inner product over vectors of varied norms its recall plateaus (about 0.7
 * on the tests' clustered data at any search list), so compare it on {@code ip} only with unit-norm
 * data. Search parameter: {@code rerankK},
 * the size of the candidate queue the beam search keeps ({@code >= k}); the top {@code k} of it are
 * returned.
 *
 * <p>Index bytes: {@code OnHeapGraphIndex.ramBytesUsed()} (jvector's own accounting of the graph)
 * plus the float32 payload of the vectors it searches over ({@code n * d * 4}; object headers of the
 * heap vectors are not counted).
 *
 * <p>Thread-safety: {@link #search} may be called concurrently (one {@link GraphSearcher} per
 * thread); build once. The build uses a {@link ForkJoinPool} of the requested size that it creates
 * and shuts down.
 */
public final class JVectorEngine implements Engine {
  static final int DEGREE = 32;
  static final int BEAM_WIDTH = 100;
  static final float NEIGHBOR_OVERFLOW = 1.2f;
  static final float ALPHA = 1.2f;

  private static final VectorTypeSupport VTS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private Metric metric;
  private VectorSimilarityFunction similarity;
  private RandomAccessVectorValues vectors;
  private ImmutableGraphIndex graph;
  private JVectorSearchers searchers;
  private final java.util.concurrent.atomic.LongAdder visited = new java.util.concurrent.atomic.LongAdder();

  @Override
  public String name() {
    return "jvector";
  }

  @Override
  public String settings() {
    return "jvector 4.0.2 GraphIndexBuilder: degree=" + DEGREE + " beamWidth=" + BEAM_WIDTH
        + " neighborOverflow=" + NEIGHBOR_OVERFLOW + " alpha=" + ALPHA + " hierarchy=on refine=on"
        + " (" + VectorizationProvider.getInstance().getClass().getSimpleName() + ")";
  }

  @Override
  public boolean concurrentSearch() {
    return true;
  }

  @Override
  public String paramName() {
    return "rerankK";
  }

  @Override
  public void build(VectorStore base, Metric metric, int threads, Progress progress) {
    if (graph != null) {
      throw new IllegalStateException("jvector engine already built");
    }
    this.metric = metric;
    this.similarity = similarity(metric);
    vectors = values(base, metric);
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      graph = buildGraph(vectors, similarity, pool, progress);
    } finally {
      pool.shutdown();
    }
    searchers = new JVectorSearchers(graph);
  }

  /** jvector's similarity for a metric (cosine rows are normalised, so it is a dot product). */
  static VectorSimilarityFunction similarity(Metric metric) {
    return switch (metric) {
      case L2 -> VectorSimilarityFunction.EUCLIDEAN;
      case INNER_PRODUCT, COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
    };
  }

  /** The rows of {@code base}, prepared for {@code metric}, as jvector vectors on the heap. */
  static RandomAccessVectorValues values(VectorStore base, Metric metric) {
    List<VectorFloat<?>> list = new ArrayList<>(base.size());
    for (float[] r : PeerVectors.copy(base, metric)) {
      list.add(VTS.createFloatVector(r));
    }
    return new ListRandomAccessVectorValues(list, base.dimension());
  }

  /**
   * Builds the in-memory graph on {@code pool}: the same as {@code GraphIndexBuilder.build(vectors)}
   * with a progress count. Shared by the in-memory and the on-disk jvector engines.
   */
  static ImmutableGraphIndex buildGraph(RandomAccessVectorValues vectors, VectorSimilarityFunction similarity,
      ForkJoinPool pool, Progress progress) {
    int n = vectors.size();
    BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(vectors, similarity);
    try (GraphIndexBuilder builder = newBuilder(bsp, vectors.dimension(), pool)) {
      AtomicLong done = new AtomicLong();
      long step = Math.max(1, n / 200);
      pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
        builder.addGraphNode(i, vectors.getVector(i));
        long d = done.incrementAndGet();
        if (d % step == 0 || d == n) {
          progress.update(d, n);
        }
      })).join();
      builder.cleanup();
      return builder.getGraph();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The explicit constructor (deprecated in 4.x) rather than {@code GraphIndexBuilder.builder()}:
   * the builder takes hierarchy and final refinement from a process-wide JMX configuration, while
   * this pins both on, so the run does not depend on global state.
   */
  @SuppressWarnings("deprecation")
  private static GraphIndexBuilder newBuilder(BuildScoreProvider bsp, int dim, ForkJoinPool pool) {
    return new GraphIndexBuilder(bsp, dim, DEGREE, BEAM_WIDTH, NEIGHBOR_OVERFLOW, ALPHA,
        true, true, pool, pool);
  }

  @Override
  public long indexBytes() {
    requireBuilt();
    return graph.ramBytesUsed() + PeerVectors.payloadBytes(vectors.size(), vectors.dimension());
  }

  @Override
  public int[] search(float[] query, int k, int param) {
    requireBuilt();
    if (param < k) {
      throw new VamanaException("jvector rerankK " + param + " is smaller than k " + k);
    }
    float[] q = Vectors.prepare(metric, query, "query");
    VectorFloat<?> qv = VTS.createFloatVector(q);
    DefaultSearchScoreProvider ssp = DefaultSearchScoreProvider.exact(qv, similarity, vectors);
    SearchResult r = searchers.get().search(ssp, k, param, Float.NEGATIVE_INFINITY, 0f, Bits.ALL);
    visited.add(r.getVisitedCount());
    return JVectorSearchers.topIds(r, k);
  }

  /** Sum of jvector's {@code SearchResult.getVisitedCount()} (nodes scored). */
  @Override
  public long distanceComputations() {
    return visited.sum();
  }

  private void requireBuilt() {
    if (graph == null) {
      throw new IllegalStateException("jvector engine not built");
    }
  }

  @Override
  public void close() {
    if (searchers != null) {
      searchers.close();
    }
    if (graph != null) {
      try {
        graph.close();
      } catch (IOException ignored) {
        // on-heap graph
      }
    }
  }
}
