package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.VectorSource;
import dev.vamana.quant.PqCodes;
import dev.vamana.quant.ProductQuantizer;
import dev.vamana.vector.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds an SSD index from vectors read through a {@link VectorSource}: trains PQ on a sample and
 * encodes every vector, builds the graph in memory when it fits the build memory (or no budget is
 * set; {@link BuildPlan} says what counts), else by the {@link PartitionedBuild} (shards built one at a time,
 * lists merged by RobustPrune), and streams the layout out with {@link DiskIndexWriter}. Vectors are
 * never all copied onto the heap; the one-shot path holds them off-heap in the graph.
 *
 * <p>Configure with the named setters, then call {@link #build}. Not thread-safe; each build owns
 * the thread pools it creates and shuts them down before returning.
 */
public final class DiskIndexBuilder {
  private Metric metric = Metric.L2;
  private int maxDegree = 64;
  private float alpha = 1.2f;
  private int pqBytes;
  private long searchMemoryBytes;
  private long buildMemoryBytes;
  private long heapBytes;
  private int threads = Runtime.getRuntime().availableProcessors();
  private long seed = 42L;
  private int pqSample = 32 * 1024;
  private int pqIterations = 12;
  private int forcedShards;
  private ShardGraphBuilder graphBuilder;

  public static DiskIndexBuilder builder() {
    return new DiskIndexBuilder();
  }

  public DiskIndexBuilder metric(Metric m) {
    this.metric = m;
    return this;
  }

  public DiskIndexBuilder maxDegree(int r) {
    if (r < 2 || r > 1024) {
      throw new VamanaException("--R " + r + " out of range (2..1024)");
    }
    this.maxDegree = r;
    return this;
  }

  public DiskIndexBuilder alpha(float a) {
    if (!(a >= 1f) || a > 4f) {
      throw new VamanaException("--alpha " + a + " out of range (1.0..4.0)");
    }
    this.alpha = a;
    return this;
  }

  /** PQ bytes per vector (M); 0 to derive it from {@link #searchMemoryBytes}. */
  public DiskIndexBuilder pqBytes(int b) {
    if (b < 0) {
      throw new VamanaException("--pq-bytes must be positive, got " + b);
    }
    this.pqBytes = b;
    return this;
  }

  /** RAM budget of the searcher, from which M is derived when {@link #pqBytes} is 0. */
  public DiskIndexBuilder searchMemoryBytes(long b) {
    this.searchMemoryBytes = b;
    return this;
  }

  /** RAM budget of the graph build; 0 = no limit (one-shot build). See {@link BuildPlan}. */
  public DiskIndexBuilder buildMemoryBytes(long b) {
    this.buildMemoryBytes = b;
    return this;
  }

  /**
   * The part of the build memory the JVM heap may take, counted in full against it (0, the
   * default: the JVM's maximum heap when that is at most half the budget, else 30% of the budget;
   * then start the JVM with {@code -Xmx} at that size, as the {@code vamana} launcher does).
   */
  public DiskIndexBuilder heapBytes(long b) {
    this.heapBytes = Math.max(0, b);
    return this;
  }

  /** The heap size a build with this budget plans for; see {@link #heapBytes(long)}. */
  public static long plannedHeap(long budget, long heapBytes) {
    if (heapBytes > 0) {
      return heapBytes;
    }
    long max = Runtime.getRuntime().maxMemory();
    return max != Long.MAX_VALUE && max <= budget / 2 ? max : budget * 3 / 10;
  }

  public DiskIndexBuilder threads(int t) {
    this.threads = Math.max(1, t);
    return this;
  }

  public DiskIndexBuilder seed(long s) {
    this.seed = s;
    return this;
  }

  public DiskIndexBuilder pqSample(int s) {
    this.pqSample = Math.min(ProductQuantizer.MAX_SAMPLE, Math.max(1, s));
    return this;
  }

  public DiskIndexBuilder pqIterations(int it) {
    this.pqIterations = Math.max(1, it);
    return this;
  }

  /** Forces a partitioned build with this many shards (0 = decide from the build memory). */
  public DiskIndexBuilder shards(int k) {
    this.forcedShards = k;
    return this;
  }

  /** How graphs are built in memory (over everything, or per shard). */
  public DiskIndexBuilder graphBuilder(ShardGraphBuilder b) {
    this.graphBuilder = b;
    return this;
  }

  /**
   * Estimated bytes of an in-memory graph over {@code n} vectors: vectors, adjacency with 1.3 R
   * slack, ids and locks. The one-shot SSD build peaks at this plus a copy of the input rows and
   * the PQ codes.
   */
  public static long oneShotBytes(long n, int dim, int r) {
    return n * (4L * dim + 4L * (long) Math.ceil(1.3 * r) + 32);
  }

  /** What a build did. */
  public record Report(DiskLayout layout, int pqBytes, boolean partitioned, int shards, long oneShotEstimateBytes, double seconds,
      BuildPlan plan) {}

  /**
   * Builds the index of {@code source} (ids {@code ids}, or the row numbers when null) into
   * {@code dir}, reporting phases to {@code phases}.
   */
  public Report build(VectorSource source, long[] ids, Path dir, BuildPhases phases) {
    long t0 = System.nanoTime();
    if (graphBuilder == null) {
      throw new IllegalStateException("no graph builder set");
    }
    int n = source.size(), dim = source.dimension();
    if (n < 1) {
      throw new VamanaException("no vectors to index");
    }
    if (ids != null && ids.length != n) {
      throw new VamanaException(ids.length + " ids for " + n + " vectors");
    }
    int m = pqBytes;
    if (m == 0) {
      if (searchMemoryBytes <= 0) {
        throw new VamanaException("give --pq-bytes or --search-memory");
      }
      m = ProductQuantizer.bytesForBudget(searchMemoryBytes, 8L * n, n, dim);
    }
    if (m > dim) {
      throw new VamanaException("--pq-bytes " + m + " is larger than the dimension " + dim);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VamanaException("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new VamanaException("output directory " + dir + " is not writable");
    }
    long estimate = oneShotBytes(n, dim, maxDegree) + (long) n * m;
    int shards = forcedShards;
    int shardCap = n;
    BuildPlan plan = null;
    if (shards == 0 && buildMemoryBytes > 0) {
      plan = BuildPlan.of(n, dim, maxDegree, m, threads, buildMemoryBytes, plannedHeap(buildMemoryBytes, heapBytes));
      shards = plan.oneShot() ? 0 : plan.shards();
      shardCap = plan.shardCap();
    }
    int sample = Math.min(pqSample, n);
    if (buildMemoryBytes > 0) { // the training sample is held off-heap: keep it within half the budget
      sample = (int) Math.max(ProductQuantizer.K, Math.min(sample, buildMemoryBytes / 2 / (4L * dim)));
    }
    ProgressListener p = phases.start("train PQ (" + m + " bytes per vector, sample " + sample + ")");
    ProductQuantizer pq = ProductQuantizer.train(source, metric, m,
        new ProductQuantizer.TrainingOptions(Math.min(sample, n), pqIterations, seed, threads), p);
    p = phases.start("encode PQ");
    PqCodes codes = pq.encodeAll(source, threads, p);
    long indexId = DiskIndexWriter.newIndexId(seed);
    DiskLayout layout;
    if (shards >= 2) {
      try (MergedGraph merged = PartitionedBuild.run(source, metric, maxDegree, alpha, shards, shardCap, graphBuilder,
          threads, seed, dir, phases)) {
        GraphSource g = withIds(merged, ids);
        layout = DiskIndexWriter.write(dir, g, pq, codes, indexId, (d, t) -> {}); // merge progress is reported as it goes
      }
    } else {
      p = phases.start("build graph in memory");
      // the graph reads the rows straight from the source into its own store
      GraphSource g = graphBuilder.build(new PreparedRows(source, metric, null, n), metric, maxDegree, p);
      try {
        p = phases.start("write layout");
        layout = DiskIndexWriter.write(dir, withIds(g, ids), pq, codes, indexId, p);
      } finally {
        if (g instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (Exception ignored) {
            // releasing an in-memory graph
          }
        }
      }
    }
    phases.finish();
    return new Report(layout, m, shards >= 2, Math.max(1, shards), estimate, (System.nanoTime() - t0) / 1e9, plan);
  }

  /**
   * Writes an already built in-memory index as an SSD index: live nodes only (deleted and free
   * slots compacted away), external ids kept, PQ with {@link #pqBytes} (or derived from
   * {@link #searchMemoryBytes}) trained on its vectors. The index must not change meanwhile.
   */
  public Report writeIndex(dev.vamana.graph.VamanaIndex index, Path dir, BuildPhases phases) {
    long t0 = System.nanoTime();
    IndexGraphSource g = IndexGraphSource.compacted(index);
    int n = g.nodeCount(), dim = g.dimension();
    if (n < 1) {
      throw new VamanaException("the index has no live vectors to write");
    }
    int m = pqBytes != 0 ? pqBytes : ProductQuantizer.bytesForBudget(searchMemoryBytes, 8L * n, n, dim);
    VectorSource byOrdinal = new VectorSource() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public int dimension() {
        return dim;
      }

      @Override
      public void get(int row, float[] dst) {
        float[] full = new float[index.storedDimension()];
        index.vectors().get(g.indexOrdinal(row), full);
        System.arraycopy(full, 0, dst, 0, dim);
      }
    };
    ProgressListener p = phases.start("train PQ (" + m + " bytes per vector)");
    ProductQuantizer pq = ProductQuantizer.train(byOrdinal, index.metric(), m,
        new ProductQuantizer.TrainingOptions(Math.min(pqSample, n), pqIterations, seed, threads), p);
    p = phases.start("encode PQ");
    PqCodes codes = pq.encodeAll(byOrdinal, threads, p);
    p = phases.start("write layout");
    DiskLayout layout = DiskIndexWriter.write(dir, g, pq, codes, DiskIndexWriter.newIndexId(seed), p);
    phases.finish();
    return new Report(layout, m, false, 1, oneShotBytes(n, dim, index.maxDegree()), (System.nanoTime() - t0) / 1e9, null);
  }

  /** {@code g} with external id {@code ids[ord]}, or {@code ord} itself when {@code ids} is null. */
  private static GraphSource withIds(GraphSource g, long[] ids) {
    return new GraphSource() {
      @Override
      public Metric metric() {
        return g.metric();
      }

      @Override
      public int dimension() {
        return g.dimension();
      }

      @Override
      public int maxDegree() {
        return g.maxDegree();
      }

      @Override
      public int nodeCount() {
        return g.nodeCount();
      }

      @Override
      public int entryPoint() {
        return g.entryPoint();
      }

      @Override
      public void vector(int ord, float[] dst) {
        g.vector(ord, dst);
      }

      @Override
      public int neighbors(int ord, int[] dst) {
        return g.neighbors(ord, dst);
      }

      @Override
      public long externalId(int ord) {
        return ids == null ? ord : ids[ord];
      }
    };
  }
}
