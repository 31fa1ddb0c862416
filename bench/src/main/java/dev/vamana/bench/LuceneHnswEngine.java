package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene's HNSW at the {@code org.apache.lucene.util.hnsw} level: {@link HnswGraphBuilder} (one
 * thread) or {@link HnswConcurrentMergeBuilder} (several; the builder Lucene uses for concurrent
 * merges) over in-memory vectors, searched with {@link HnswGraphSearcher} and the Lucene99 flat
 * vector scorer (the one {@code Lucene99HnswVectorsFormat} uses). This level measures the graph and
 * its search loop alone, as for our index, without the codec's files, doc-id mapping and
 * per-segment query machinery that an in-memory {@code IndexWriter} would add.
 *
 * <p>Metrics: L2 maps to {@code EUCLIDEAN}, inner product to {@code MAXIMUM_INNER_PRODUCT}, cosine
 * to {@code DOT_PRODUCT} on vectors (and queries) normalised here. Search parameter: the {@code k}
 * of the {@link TopKnnCollector} (Lucene's fan-out / ef), of which the top {@code k} are returned.
 *
 * <p>Index bytes: {@code OnHeapHnswGraph.ramBytesUsed()} (Lucene's own accounting of the graph)
 * plus the float32 payload of the vectors ({@code n * d * 4}; array headers not counted).
 *
 * <p>Thread-safety: {@link #search} from one thread at a time (Lucene's graph has a seek/next
 * cursor). The build uses a fixed thread pool of the requested size that it creates and shuts down.
 */
public final class LuceneHnswEngine implements Engine {
  private final String name;
  private final int maxConn;
  private final int beamWidth;

  private final FlatVectorsScorer flatScorer = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
  private Metric metric;
  private VectorSimilarityFunction similarity;
  private FloatVectorValues values;
  private OnHeapHnswGraph graph;
  private long visited;

  /**
   * @param name engine name in reports ({@code lucene} or {@code lucene-default})
   * @param maxConn Lucene's {@code M}
   * @param beamWidth Lucene's construction {@code beamWidth}
   */
  public LuceneHnswEngine(String name, int maxConn, int beamWidth) {
    this.name = name;
    this.maxConn = maxConn;
    this.beamWidth = beamWidth;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String settings() {
    return "Lucene 10.6 util.hnsw: M=" + maxConn + " beamWidth=" + beamWidth + " (" + flatScorer + ")";
  }

  @Override
  public String paramName() {
    return "ef";
  }

  @Override
  public void build(VectorStore base, Metric metric, int threads, Progress progress) {
    if (graph != null) {
      throw new IllegalStateException(name + " engine already built");
    }
    this.metric = metric;
    this.similarity = switch (metric) {
      case L2 -> VectorSimilarityFunction.EUCLIDEAN;
      case INNER_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
      case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
    };
    List<float[]> rows = PeerVectors.copy(base, metric);
    int n = rows.size();
    values = FloatVectorValues.fromFloats(rows, base.dimension());
    progress.update(0, n);
    try {
      RandomVectorScorerSupplier supplier = flatScorer.getRandomVectorScorerSupplier(similarity, values);
      HnswGraphBuilder single = HnswGraphBuilder.create(supplier, maxConn, beamWidth, HnswGraphBuilder.randSeed, n);
      if (threads <= 1) {
        graph = single.build(n);
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          HnswConcurrentMergeBuilder builder = new HnswConcurrentMergeBuilder(
              new TaskExecutor(pool), threads, supplier, maxConn, beamWidth, single.getGraph(), null);
          graph = builder.build(n);
        } finally {
          pool.shutdown();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress.update(n, n);
  }

  @Override
  public long indexBytes() {
    requireBuilt();
    return graph.ramBytesUsed() + PeerVectors.payloadBytes(values.size(), values.dimension());
  }

  @Override
  public int[] search(float[] query, int k, int param) {
    requireBuilt();
    if (param < k) {
      throw new VamanaException("Lucene ef " + param + " is smaller than k " + k);
    }
    float[] q = Vectors.prepare(metric, query, "query");
    try {
      RandomVectorScorer scorer = flatScorer.getRandomVectorScorer(similarity, values, q);
      TopKnnCollector collector = new TopKnnCollector(param, Integer.MAX_VALUE);
      HnswGraphSearcher.search(scorer, collector, graph, null);
      visited += collector.visitedCount();
      ScoreDoc[] docs = collector.topDocs().scoreDocs;
      int[] ids = new int[Math.min(k, docs.length)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = docs[i].doc;
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sum of the collectors' {@code visitedCount()} (nodes scored); single-threaded use. */
  @Override
  public long distanceComputations() {
    return visited;
  }

  private void requireBuilt() {
    if (graph == null) {
      throw new IllegalStateException(name + " engine not built");
    }
  }

  @Override
  public void close() {
    graph = null;
    values = null;
  }
}
