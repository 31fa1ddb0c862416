package dev.vamana.bench;

import dev.vamana.graph.Quantization;
import dev.vamana.graph.SearchResult;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;

/**
 * Our in-memory Vamana graph ({@link VamanaIndex}) with its defaults R=48, L=100, alpha=1.2; as
 * engine {@code vamana} it walks the graph with float32 distances, as {@code vamana-sq8} with 8-bit
 * scalar codes and an exact re-rank. The search parameter is the search list size {@code L}.
 *
 * <p>Index bytes: {@link VamanaIndex#memoryBytes()}, the index's own accounting of everything it
 * holds (vectors, adjacency lists, id mapping).
 *
 * <p>Thread-safety: {@link #search} may be called concurrently (the index is thread-safe); build
 * once. The index is owned by this engine and closed by {@link #close}.
 */
public final class VamanaEngine implements Engine {
  static final int MAX_DEGREE = 48;
  static final int BUILD_LIST_SIZE = 100;
  static final float ALPHA = 1.2f;
  static final long SEED = 42;

  private final Quantization quantization;
  private VamanaIndex index;
  private long distanceComputations;

  public VamanaEngine() {
    this(Quantization.NONE);
  }

  public VamanaEngine(Quantization quantization) {
    this.quantization = quantization;
  }

  @Override
  public String name() {
    return quantization == Quantization.NONE ? "vamana" : "vamana-" + quantization.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String settings() {
    return "Vamana in-memory: R=" + MAX_DEGREE + " L=" + BUILD_LIST_SIZE + " alpha=" + ALPHA
        + " quantization=" + quantization.name().toLowerCase(java.util.Locale.ROOT);
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
      throw new IllegalStateException("vamana engine already built");
    }
    index = VamanaIndex.builder()
        .dimension(base.dimension())
        .metric(metric)
        .maxDegree(MAX_DEGREE)
        .buildListSize(BUILD_LIST_SIZE)
        .alpha(ALPHA)
        .threads(threads)
        .seed(SEED)
        .quantization(quantization)
        .build();
    index.addAll(base, null, progress::update);
  }

  @Override
  public long indexBytes() {
    requireBuilt();
    return index.memoryBytes();
  }

  @Override
  public int[] search(float[] query, int k, int param) {
    requireBuilt();
    SearchResult r = index.search(query, k, param);
    distanceComputations += r.distanceComputations();
    return Engine.rowIds(r.ids());
  }

  /** Sum of {@link SearchResult#distanceComputations()}; single-threaded use. */
  @Override
  public long distanceComputations() {
    return distanceComputations;
  }

  private void requireBuilt() {
    if (index == null) {
      throw new IllegalStateException("vamana engine not built");
    }
  }

  @Override
  public void close() {
    if (index != null) {
      index.close();
      index = null;
    }
  }
}
