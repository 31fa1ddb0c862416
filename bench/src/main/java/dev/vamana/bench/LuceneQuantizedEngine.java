package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Lucene 10.6's quantized HNSW, {@link Lucene104HnswScalarQuantizedVectorsFormat}, as bench engines
 * {@code lucene-sq4} ({@code PACKED_NIBBLE}: 4 bits per dimension) and {@code lucene-sq1} ({@code
 * SINGLE_BIT_QUERY_NIBBLE}: 1 bit per dimension, the query at 4 bits), both with full-precision
 * rescoring. Unlike {@link LuceneHnswEngine}, this goes through a real index: an {@link IndexWriter}
 * with a {@link Lucene104Codec} whose vector format is the quantized one (M=32, beamWidth=250, as
 * engine {@code lucene}; {@code threads} indexing threads and as many HNSW merge workers), written
 * to a temporary directory, force-merged to one segment and opened with {@link FSDirectory} (memory
 * maps on 64-bit JVMs).
 *
 * <p>Search parameter: the {@code k} of the {@link KnnFloatVectorQuery} (candidates the quantized
 * graph walk keeps, Lucene's ef), wrapped in Lucene's own {@link
 * RescoreTopNQuery#createFullPrecisionRescorerQuery}, which re-scores those candidates with the
 * full-precision float vectors of the field and keeps the top {@code k}.
 *
 * <p>Metrics: L2 maps to {@code EUCLIDEAN}, inner product to {@code MAXIMUM_INNER_PRODUCT}, cosine
 * to {@code DOT_PRODUCT} on vectors (and queries) normalised here. Each document also carries a
 * doc-values field with its row, read once after the merge into a doc-to-row map (held in RAM and
 * counted, unless the merge kept the rows in order).
 *
 * <p>Index bytes: every file of the index. RAM bytes: the files the search must find resident to
 * run at memory speed, that is every file but the raw float vectors ({@code .vec}) and the row doc
 * values (read once into the map): quantized vectors and their corrections, the HNSW graph and
 * metadata, plus the doc-to-row map. They are memory-mapped (page cache), not heap; the {@code .vec} file is read only
 * for rescoring and not counted, like the vectors on disk of the SSD engines. On a set that fits in
 * memory it stays in the page cache once warm, so rescoring does not touch the disk either.
 *
 * <p>Thread-safety: {@link #search} may be called concurrently (one {@link IndexSearcher}); build
 * once. Owns the temporary directory, deleted by {@link #close}.
 */
public final class LuceneQuantizedEngine implements Engine {
  static final int MAX_CONN = 32;
  static final int BEAM_WIDTH = 250;
  private static final String FIELD = "v";
  private static final String ROW = "row";

  private final String name;
  private final ScalarEncoding encoding;
  private Metric metric;
  private Path dir;
  private Directory directory;
  private DirectoryReader reader;
  private IndexSearcher searcher;
  private int[] docToRow;

  /**
   * @param name engine name in reports
   * @param bits bits per dimension of the stored vectors: 4 or 1
   */
  public LuceneQuantizedEngine(String name, int bits) {
    this.name = name;
    this.encoding = switch (bits) {
      case 4 -> ScalarEncoding.PACKED_NIBBLE;
      case 1 -> ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE;
      default -> throw new VamanaException("Lucene quantized engine: bits must be 4 or 1, got " + bits);
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String settings() {
    return "Lucene 10.6 Lucene104HnswScalarQuantizedVectorsFormat(" + encoding + "): M=" + MAX_CONN
        + " beamWidth=" + BEAM_WIDTH + ", one segment, mmap; RescoreTopNQuery full-precision rescoring"
        + " of ef candidates";
  }

  @Override
  public String paramName() {
    return "ef";
  }

  @Override
  public boolean concurrentSearch() {
    return true;
  }

  @Override
  public void build(VectorStore base, Metric metric, int threads, Progress progress) {
    if (reader != null) {
      throw new IllegalStateException(name + " engine already built");
    }
    this.metric = metric;
    VectorSimilarityFunction similarity = switch (metric) {
      case L2 -> VectorSimilarityFunction.EUCLIDEAN;
      case INNER_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
      case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
    };
    int t = Math.max(1, threads);
    List<float[]> rows = PeerVectors.copy(base, metric);
    int n = rows.size();
    ExecutorService mergePool = t > 1 ? Executors.newFixedThreadPool(t) : null;
    ExecutorService indexPool = Executors.newFixedThreadPool(t);
    try {
      dir = Files.createTempDirectory("lucene-sq-bench");
      directory = FSDirectory.open(dir);
      KnnVectorsFormat format = new Lucene104HnswScalarQuantizedVectorsFormat(encoding, MAX_CONN,
          BEAM_WIDTH, t, mergePool);
      TieredMergePolicy mergePolicy = new TieredMergePolicy();
      mergePolicy.setNoCFSRatio(0.0);
      IndexWriterConfig config = new IndexWriterConfig()
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setCodec(new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return format;
            }
          })
          .setUseCompoundFile(false)
          .setMergePolicy(mergePolicy)
          .setRAMBufferSizeMB(64);
      progress.update(0, n);
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        long step = Math.max(1, n / 200);
        Future<?>[] parts = new Future<?>[t];
        for (int w = 0; w < t; w++) {
          int first = w;
          parts[w] = indexPool.submit(() -> {
            for (int i = first; i < n; i += t) {
              Document doc = new Document();
              doc.add(new KnnFloatVectorField(FIELD, rows.get(i), similarity));
              doc.add(new NumericDocValuesField(ROW, i));
              writer.addDocument(doc);
              long d = done.incrementAndGet();
              if (d % step == 0 && d < n) {
                progress.update(d, n);
              }
            }
            return null;
          });
        }
        for (Future<?> f : parts) {
          f.get();
        }
        writer.forceMerge(1);
        writer.commit();
      }
      progress.update(n, n);
      reader = DirectoryReader.open(directory);
      docToRow = rowMap(reader, n);
      searcher = new IndexSearcher(reader);
      searcher.setQueryCache(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " build interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(name + " build failed: " + e.getCause(), e.getCause());
    } finally {
      indexPool.shutdown();
      if (mergePool != null) {
        mergePool.shutdown();
      }
    }
  }

  /** Doc id to row from the row doc values; {@code null} when they are the identity. */
  private static int[] rowMap(DirectoryReader reader, int n) throws IOException {
    if (reader.leaves().size() != 1 || reader.maxDoc() != n) {
      throw new IllegalStateException("expected one segment of " + n + " documents, got "
          + reader.leaves().size() + " segments, " + reader.maxDoc() + " documents");
    }
    LeafReader leaf = reader.leaves().get(0).reader();
    NumericDocValues values = leaf.getNumericDocValues(ROW);
    int[] map = new int[n];
    boolean identity = true;
    for (int doc = 0; doc < n; doc++) {
      if (!values.advanceExact(doc)) {
        throw new IllegalStateException("document " + doc + " has no row");
      }
      map[doc] = (int) values.longValue();
      identity &= map[doc] == doc;
    }
    return identity ? null : map;
  }

  /** Every file of the index directory. */
  @Override
  public long indexBytes() {
    requireBuilt();
    return PeerVectors.directoryBytes(dir, f -> true);
  }

  /** Every file but the raw float vectors ({@code .vec}) and row doc values, plus the doc-to-row map. */
  @Override
  public long ramBytes() {
    requireBuilt();
    return PeerVectors.directoryBytes(dir, f -> !f.endsWith(".vec") && !f.endsWith(".dvd") && !f.endsWith(".dvm"))
        + (docToRow == null ? 0 : 4L * docToRow.length);
  }

  @Override
  public int[] search(float[] query, int k, int param) {
    requireBuilt();
    if (param < k) {
      throw new VamanaException("Lucene ef " + param + " is smaller than k " + k);
    }
    float[] q = Vectors.prepare(metric, query, "query");
    try {
      Query knn = new KnnFloatVectorQuery(FIELD, q, param);
      Query rescored = RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, q, FIELD, k);
      ScoreDoc[] docs = searcher.search(rescored, k).scoreDocs;
      int[] ids = new int[Math.min(k, docs.length)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = docToRow == null ? docs[i].doc : docToRow[docs[i].doc];
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the files of the built index (diagnostics and tests). */
  List<String> files() {
    requireBuilt();
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireBuilt() {
    if (reader == null) {
      throw new IllegalStateException(name + " engine not built");
    }
  }

  @Override
  public void close() {
    try {
      if (reader != null) {
        reader.close();
      }
      if (directory != null) {
        directory.close();
      }
    } catch (IOException ignored) {
      // read-only index in a temporary directory
    }
    reader = null;
    directory = null;
    searcher = null;
    PeerVectors.deleteTree(dir);
    dir = null;
  }
}
