package dev.vamana.disk;

import dev.vamana.VamanaException;
import java.util.Locale;

/**
 * How an SSD build fits its memory budget: in one piece, or in how many shards of at most how many
 * vectors. The budget covers everything the build allocates, on and off the JVM heap; the heap is
 * counted at its full planned size ({@code heapBytes}, what {@code -Xmx} lets the JVM grow to),
 * because the garbage collector may use all of it. The JVM's own overhead (code, metaspace, thread
 * stacks, the collector's structures) is outside the budget; docs/ssd-index.md states what it was
 * measured to be.
 *
 * <p>What lives where during a build (n vectors of dimension d, PQ with m bytes, final degree R,
 * shard degree R' = 2R/3):
 *
 * <ul>
 *   <li>off-heap: the PQ codes ({@code n m}) for the whole build, and the vectors of the graph
 *       being built ({@code 4 d} per vector, one copy: the graph reads its rows straight from the
 *       mapped input);
 *   <li>heap: the graph's neighbour lists ({@link #heapPerVector}) and, when partitioned, the two
 *       shard assignments of every vector ({@code 8 n}) and the k-means sample;
 *   <li>neither: the input file and the temporary edge file are mapped, and their pages are
 *       released as the build moves on, so they stay in the page cache, not in the process.
 * </ul>
 *
 * <p>Immutable.
 *
 * @param shards 1 for the one-shot build, else the number of shards
 * @param shardCap the most vectors one shard may hold (n for the one-shot build)
 */
public record BuildPlan(int shards, int shardCap, long budgetBytes, long heapBytes, long offHeapPeakBytes, long heapPeakBytes) {
  /** Fraction of the heap the live data may fill; the rest is the collector's headroom. */
  static final double HEAP_FILL = 0.75;
  /** k-means shards are seldom this much above their mean size; the cap moves the excess. */
  static final double SHARD_SLACK = 1.15;

  /** True when the graph is built over all vectors at once. */
  public boolean oneShot() {
    return shards <= 1;
  }

  /** Heap bytes per vector of an in-memory graph build with degree {@code r} on {@code threads} threads. */
  static long heapPerVector(int r, int threads) {
    // neighbour list with the build slack (1.3 R) and its degree slot, the build's ordinal and
    // order arrays, a visited mark per search thread, the live and free bits
    return 4L * ((long) Math.ceil(1.3 * r) + 1) + 8 + 4L * threads + 2;
  }

  /** Off-heap bytes per vector of an in-memory graph: its copy of the row. */
  static long offHeapPerVector(int dim) {
    return 4L * dim;
  }

  /**
   * Plans a build of {@code n} vectors. A budget of 0 means no limit (one-shot). Throws a
   * {@link VamanaException} naming the smallest workable budget when it is too small.
   */
  public static BuildPlan of(long n, int dim, int r, int pqBytes, int threads, long budget, long heap) {
    long codes = n * pqBytes;
    long oneShotHeap = n * heapPerVector(r, threads);
    long oneShotOff = codes + n * offHeapPerVector(dim);
    if (budget <= 0 || (oneShotHeap <= HEAP_FILL * heap && heap + oneShotOff <= budget)) {
      return new BuildPlan(1, (int) n, budget, heap, oneShotOff, oneShotHeap);
    }
    int shardR = PartitionedBuild.shardDegree(r);
    long fixedHeap = 8L * n + 4L * PartitionedBuild.sampleSize((int) n, 64) * dim;
    long offRoom = budget - heap - codes;
    long heapRoom = (long) (HEAP_FILL * heap) - fixedHeap;
    long byOff = offRoom / offHeapPerVector(dim);
    long byHeap = heapRoom / heapPerVector(shardR, threads);
    long cap = Math.min(n, Math.min(byOff, byHeap));
    if (cap < 256) {
      throw new VamanaException(String.format(Locale.ROOT,
          "--build-memory %,d bytes is too small for %,d vectors of dimension %d with a heap of %,d bytes: the PQ codes "
              + "take %,d bytes off the heap and the shard assignments and k-means sample %,d bytes of heap; "
              + "give at least %,d bytes (with the heap at about 30%% of it)",
          budget, n, dim, heap, codes, fixedHeap, minimumBudget(n, dim, r, pqBytes, threads)));
    }
    int shards = (int) Math.max(2, Math.ceil(2.0 * n * SHARD_SLACK / cap));
    cap = Math.min(cap, (long) Math.ceil(2.0 * n * SHARD_SLACK / shards));
    long off = codes + cap * offHeapPerVector(dim);
    long heapPeak = fixedHeap + cap * heapPerVector(shardR, threads);
    return new BuildPlan(shards, (int) cap, budget, heap, off, heapPeak);
  }

  /** The smallest budget with which a partitioned build of this data works, the heap at 30% of it. */
  static long minimumBudget(long n, int dim, int r, int pqBytes, int threads) {
    int shardR = PartitionedBuild.shardDegree(r);
    long fixedHeap = 8L * n + 4L * PartitionedBuild.sampleSize((int) n, 64) * dim;
    double byHeap = (fixedHeap + 256.0 * heapPerVector(shardR, threads)) / HEAP_FILL / 0.3;
    double byOffHeap = (n * (double) pqBytes + 256.0 * offHeapPerVector(dim)) / 0.7;
    return (long) Math.ceil(Math.max(byHeap, byOffHeap) * 1.01) + 1;
  }
}
