package dev.vamana.graph;

import dev.vamana.VamanaException;
import dev.vamana.io.VectorSource;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

/**
 * An in-memory Vamana graph index (DiskANN, NeurIPS 2019; FreshDiskANN, 2021): float32 vectors in
 * one off-heap store, a bounded-degree graph built with greedy search and {@link RobustPrune},
 * stable external {@code long} ids, incremental adds, deletes that take effect at once, and
 * consolidation that repairs the graph around deleted nodes and reuses their slots.
 *
 * <p>Thread-safety: searches take no lock and may run concurrently with each other and with
 * {@link #add}, {@link #delete}, {@link #consolidate} and {@link #save}. Adds and deletes may run
 * concurrently with each other (fine-grained per-node locks); consolidation and saving exclude
 * adds and deletes while they run. A deleted id is never returned once {@link #delete} returns.
 *
 * <p>Memory: vectors live off-heap (or in the mapped file after {@link #open}); the graph and id
 * map on the heap. {@link #close} releases a mapping; an index made by {@link #builder} holds
 * memory the garbage collector frees, or, with {@link Builder#freeVectorsOnClose}, memory that
 * {@link #close} frees.
 */
public final class VamanaIndex implements AutoCloseable {
  private static final int LOCK_STRIPES = 1 << 12;
  /** Neighbour lists may grow to about this factor of R before they are pruned back (DiskANN's slack). */
  static final float SLACK = 1.3f;
  static final int MAX_CANDIDATES = 750;

  final int dimension;
  /** Floats per stored row: the dimension, plus one for inner product (see {@link #prepareStored}). */
  final int storedDimension;
  /** Inner product only: the norm bound M of the MIPS-to-L2 transformation. */
  private volatile float normBound;
  final Metric metric;
  final int maxDegree;
  final int buildListSize;
  final float alpha;
  final int threads;
  final long seed;
  final VectorStore store;
  final Graph graph;
  final IdMap ids = new IdMap();
  /** Distances of searches, under the index metric. */
  final NodeDistances dist;
  /** Distances of graph construction: the metric itself, or L2 on the augmented rows for inner product. */
  final NodeDistances buildDist;
  private final ScratchPool scratch;
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Object allocLock = new Object();
  private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
  private final LiveSet live = new LiveSet();
  private final BitSet free = new BitSet();
  private final IntStack freeList = new IntStack();
  private volatile int nodeCount;
  private volatile int entry = -1;
  private final AtomicInteger liveCount = new AtomicInteger();
  private final Arena mapping; // the file mapping, or the vectors' own memory; closed by close()
  final Quantization quantization;
  /** The quantised scorer once trained (SQ8 only), else null. */
  private volatile QuantizedDistances quantized;
  /**
   * SQ8 ranges are learned once this many rows exist (by an add, a bulk add or an open), never from fewer: ranges
   * learned from a handful of vectors would clamp most later ones. Until then the walk uses float32 rows.
   */
  static final int SQ8_TRAIN_AFTER = 1024;
  /** Inserts walk the graph on the SQ8 codes when they exist (see {@link #insertWalkOnCodes(boolean)}). */
  private volatile boolean insertWalkOnCodes;

  VamanaIndex(Builder b, VectorStore store, Arena mapping) {
    this.dimension = b.dimension;
    this.storedDimension = b.metric == Metric.INNER_PRODUCT ? b.dimension + 1 : b.dimension;
    this.metric = b.metric;
    this.maxDegree = b.maxDegree;
    this.buildListSize = b.buildListSize;
    this.alpha = b.alpha;
    this.threads = b.threads;
    this.seed = b.seed;
    this.store = store;
    this.mapping = mapping;
    this.quantization = b.quantization;
    this.graph = new Graph(neighborCapacity(b.maxDegree));
    this.dist = new NodeDistances(metric, Kernels.get(), store);
    this.buildDist = metric == Metric.INNER_PRODUCT ? new NodeDistances(Metric.L2, Kernels.get(), store) : dist;
    this.scratch = new ScratchPool(storedDimension, graph.capacity());
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** Capacity of a neighbour list: {@code floor(1.3 R)} ints including the degree slot. */
  static int neighborCapacity(int r) {
    return Math.max(r, (int) (r * SLACK) - 1);
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- bulk build

  /**
   * Adds every row of {@code vectors} in parallel on {@link Builder#threads} threads. Row {@code i}
   * gets the id {@code ids[i]}, or {@code i} when {@code ids} is null. On an empty index this is a
   * one-shot build, as in DiskANN: the entry point is the medoid of the data and every list is
   * pruned back to R at the end. On an index that has nodes it is a batch of inserts, whose lists
   * stay within the slack as with {@link #add}. With one thread and the same seed the result is
   * deterministic.
   */
  public void addAll(VectorStore vectors, long[] externalIds, ProgressListener progress) {
    addAll(VectorSource.of(vectors), externalIds, progress);
  }

  /**
   * As {@link #addAll(VectorStore, long[], ProgressListener)}, reading the rows from any source
   * (a mapped file, a view of some rows of one): each row is read once and copied into the index's
   * own store, so the caller need not hold a copy of its own.
   */
  public void addAll(VectorSource vectors, long[] externalIds, ProgressListener progress) {
    if (vectors.dimension() != dimension) {
      throw new VamanaException("vectors have dimension " + vectors.dimension() + ", the index " + dimension);
    }
    int n = vectors.size();
    if (externalIds != null && externalIds.length != n) {
      throw new VamanaException("got " + externalIds.length + " ids for " + n + " vectors");
    }
    ProgressListener p = progress == null ? ProgressListener.NONE : progress;
    if (n == 0) {
      return;
    }
    structure.readLock().lock();
    try {
      int[] ords = new int[n];
      float[] v = new float[dimension];
      synchronized (allocLock) { // reserve exactly, so the store does not over-allocate by doubling
        store.ensureCapacity(reserved + n);
      }
      if (metric == Metric.INNER_PRODUCT && normBound == 0) {
        float max = 0;
        for (int i = 0; i < n; i++) {
          vectors.get(i, v);
          max = Math.max(max, norm(v));
        }
        normBound = max;
      }
      for (int i = 0; i < n; i++) {
        vectors.get(i, v);
        Vectors.checkVector(v, dimension, "vector " + i);
        float[] prepared = prepareStored(v, "vector " + i);
        long id = externalIds == null ? i : externalIds[i];
        ords[i] = allocate(id, prepared);
      }
      publishCount();
      if (quantization == Quantization.SQ8 && quantized == null && nodeCount >= SQ8_TRAIN_AFTER) {
        trainQuantizer(); // encodes every row; with a trained quantiser allocate() encoded them already
      }
      boolean oneShot = entry < 0; // a build from nothing, as against a batch of inserts
      if (oneShot) {
        entry = ords[Medoid.of(buildDist, ords, threads)];
      }
      int[] order = ords.clone();
      Shuffle.shuffle(order, seed);
      BuildExecutor.forEach(threads, n, (i, s) -> {
        int ord = order[i];
        if (ord != entry) {
          link(ord, s, alpha);
        }
      }, scratch, p);
      if (oneShot) {
        trimToMaxDegree(ords);
      }
      for (int i = 0; i < n; i++) {
        publishLive(externalIds == null ? i : externalIds[i], ords[i]);
      }
    } finally {
      structure.readLock().unlock();
    }
  }

  /**
   * Prunes every node of {@code ords} whose list grew past R back to R: DiskANN's final pass of a
   * one-shot build, which keeps the graph at R (the SSD layout needs it). A bulk add into an index
   * that has nodes already is a batch of inserts, and leaves lists within the slack as {@link
   * #add} does.
   */
  private void trimToMaxDegree(int[] ords) {
    BuildExecutor.forEach(threads, ords.length, (i, s) -> {
      int ord = ords[i];
      if (graph.degree(ord) > maxDegree) {
        synchronized (lockOf(ord)) {
          repruneLocked(ord, -1, s, maxDegree);
        }
      }
    }, scratch, ProgressListener.NONE);
  }

  // ---------------------------------------------------------------- incremental add / delete

  /**
   * Inserts one vector under {@code id}, replacing any live vector with the same id. Thread-safe;
   * searches running meanwhile see the new vector once this returns (and may see it earlier).
   */
  public void add(long id, float[] vector) {
    Vectors.checkVector(vector, dimension, "vector for id " + id);
    if (metric == Metric.INNER_PRODUCT && normBound == 0) {
      synchronized (allocLock) {
        if (normBound == 0) {
          normBound = norm(vector);
        }
      }
    }
    float[] prepared = prepareStored(vector, "vector for id " + id);
    if (quantization == Quantization.SQ8 && quantized == null && nodeCount >= SQ8_TRAIN_AFTER) {
      structure.writeLock().lock();
      try {
        if (quantized == null) {
          trainQuantizer();
        }
      } finally {
        structure.writeLock().unlock();
      }
    }
    structure.readLock().lock();
    try {
      int ord = allocate(id, prepared);
      publishCount();
      if (entry < 0) {
        synchronized (allocLock) {
          if (entry < 0) {
            entry = ord;
          }
        }
      }
      if (entry != ord) {
        SearchScratch s = scratch.acquire();
        try {
          link(ord, s, alpha);
        } finally {
          scratch.release(s);
        }
      }
      QuantizedDistances qd = quantized;
      if (qd != null) { // again: a bulk build may have trained the quantiser after allocate() looked
        qd.encode(store, ord);
      }
      publishLive(id, ord);
    } finally {
      structure.readLock().unlock();
    }
  }

  /**
   * Deletes the vector with {@code id}: it is never returned by a search that starts after this
   * call. Its node stays in the graph (so the graph stays navigable) until {@link #consolidate}.
   *
   * @return false when no live vector has this id
   */
  public boolean delete(long id) {
    structure.readLock().lock();
    try {
      synchronized (allocLock) {
        int ord = ids.ordinal(id, this::isLive);
        if (ord < 0) {
          return false;
        }
        setLive(ord, false);
        ids.remove(id);
        liveCount.decrementAndGet();
        return true;
      }
    } finally {
      structure.readLock().unlock();
    }
  }

  /**
   * Repairs the graph around deleted nodes (FreshDiskANN's delete consolidation: every live node
   * that pointed at a deleted one is re-pruned over its other neighbours plus the deleted one's
   * neighbours) and makes their slots reusable by later adds.
   *
   * @return the number of slots freed
   */
  public int consolidate() {
    structure.writeLock().lock();
    try {
      return Consolidation.run(this);
    } finally {
      structure.writeLock().unlock();
    }
  }

  // ---------------------------------------------------------------- search

  /** The {@code k} nearest live vectors to {@code query}, searched with a candidate list of {@code listSize}. */
  public SearchResult search(float[] query, int k, int listSize) {
    return search(query, k, listSize, null);
  }

  /**
   * The {@code k} nearest live vectors whose id passes {@code filter}. The graph is searched as
   * usual and non-matching nodes are skipped in the results; when fewer than {@code k} match, the
   * list is widened (doubled) until enough are found or the whole index has been considered, so
   * the answer is correct for any filter, only slower for very selective ones.
   */
  public SearchResult search(float[] query, int k, int listSize, LongPredicate filter) {
    return IndexSearch.search(this, query, k, listSize, filter);
  }

  /**
   * The row stored for a user vector: unit length for cosine; for inner product the vector plus one
   * coordinate {@code sqrt(M^2 - |x|^2)}, the transformation of Bachrach et al. (2014) that DiskANN
   * uses to turn maximum inner product into L2: the graph is built under L2 on these rows (which
   * makes it navigable), while searches pad the query with a zero and rank by inner product, which
   * the extra coordinate does not change. Vectors longer than M (added after the bound was fixed)
   * get 0 there.
   */
  private float[] prepareStored(float[] v, String what) {
    if (metric == Metric.INNER_PRODUCT) {
      float[] out = java.util.Arrays.copyOf(v, dimension + 1);
      float m = normBound, nv = norm(v);
      out[dimension] = (float) Math.sqrt(Math.max(0, (double) m * m - (double) nv * nv));
      return out;
    }
    return Vectors.prepare(metric, v, what);
  }

  private static float norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return (float) Math.sqrt(s);
  }

  float normBound() {
    return normBound;
  }

  void setNormBound(float m) {
    normBound = m;
  }

  boolean accepts(int ord, LongPredicate filter) {
    return isLive(ord) && (filter == null || filter.test(ids.externalId(ord)));
  }

  // ---------------------------------------------------------------- graph construction

  /** Searches for {@code ord}'s vector, prunes what it found into its neighbour list and links back. */
  void link(int ord, SearchScratch s, float a) {
    float[] v = s.query;
    store.get(ord, v);
    QuantizedDistances qd = insertWalkOnCodes && buildDist == dist ? quantized : null;
    if (qd != null) {
      qd.prepare(v, s.weights);
      GreedySearch.run(graph, qd, s, s.weights, entry, buildListSize, nodeCount, true);
      rescoreExpanded(v, s);
    } else {
      GreedySearch.run(graph, buildDist, s, v, entry, buildListSize, nodeCount, true);
    }
    int n = s.expandedCount;
    s.ensurePool(n + graph.capacity());
    System.arraycopy(s.expandedIds, 0, s.poolIds, 0, n);
    System.arraycopy(s.expandedDists, 0, s.poolDists, 0, n);
    int m = RobustPrune.prune(buildDist, s, ord, n, a, maxDegree, MAX_CANDIDATES, s.links);
    synchronized (lockOf(ord)) {
      graph.setNeighbors(ord, s.links, m);
    }
    int[] links = s.links;
    for (int i = 0; i < m; i++) {
      int q = links[i];
      synchronized (lockOf(q)) {
        if (!graph.contains(q, ord) && !graph.tryAppend(q, ord)) {
          repruneLocked(q, ord, s, maxDegree);
        }
      }
    }
  }

  /** Replaces the approximate distances of the nodes the insert walk expanded with exact ones, for the prune. */
  private void rescoreExpanded(float[] v, SearchScratch s) {
    buildDist.distances(v, s.expandedIds, s.expandedCount, s.expandedDists, s.four);
  }

  /**
   * Makes inserts (incremental and bulk) walk the graph on the SQ8 codes instead of the float32
   * rows, once an SQ8 index has trained its quantiser; the neighbours the walk finds are then
   * re-scored exactly and pruned with float32 distances as before. The walk is most of an insert's
   * cost, and the codes are a quarter of the bytes. A tuning setting of this object, not saved with
   * the index; has no effect on {@link Quantization#NONE} or inner-product indexes. Thread-safe.
   */
  public void insertWalkOnCodes(boolean on) {
    this.insertWalkOnCodes = on;
  }

  /**
   * Re-prunes the list of {@code node} (plus {@code extra} when not -1) to {@code r} neighbours.
   * The caller holds {@code node}'s lock. Uses {@code s.selected} and the pool arrays, not
   * {@code s.links}.
   */
  void repruneLocked(int node, int extra, SearchScratch s, int r) {
    float[] nv = s.nodeVector;
    store.get(node, nv);
    int[] nb = s.neighbors;
    int deg = graph.neighbors(node, nb);
    s.ensurePool(deg + 1);
    System.arraycopy(nb, 0, s.poolIds, 0, deg);
    buildDist.distances(nv, nb, deg, s.poolDists, s.four);
    int n = deg;
    if (extra >= 0) {
      s.poolIds[n] = extra;
      s.poolDists[n++] = buildDist.distance(nv, extra);
    }
    int m = RobustPrune.prune(buildDist, s, node, n, alpha, r, MAX_CANDIDATES, s.selected);
    graph.setNeighbors(node, s.selected, m);
  }

  /**
   * Learns the SQ8 ranges from every row written so far and encodes them all. Callers exclude
   * concurrent adds (bulk build under its own rows, or the write lock).
   */
  void trainQuantizer() {
    QuantizedDistances qd = QuantizedDistances.train(metric, store, nodeCount, this::isFree);
    if (qd != null) {
      quantized = qd;
    }
  }

  QuantizedDistances quantized() {
    return quantized;
  }

  ScratchPool scratch() {
    return scratch;
  }

  int liveCount() {
    return liveCount.get();
  }

  Object lockOf(int ord) {
    return locks[ord & (LOCK_STRIPES - 1)];
  }

  // ---------------------------------------------------------------- slots, liveness

  /** Takes a free slot (or a new one), writes the vector and clears its list; not yet live. */
  private int allocate(long id, float[] prepared) {
    int ord;
    synchronized (allocLock) {
      int old = ids.ordinal(id, this::isLive);
      if (old >= 0) { // replace: the old vector is deleted
        setLive(old, false);
        ids.remove(id);
        liveCount.decrementAndGet();
      }
      if (!freeList.isEmpty()) {
        ord = freeList.pop();
        free.clear(ord);
      } else {
        ord = reserved++;
        store.ensureCapacity(reserved);
        graph.ensureCapacity(reserved);
        ensureLiveCapacity(reserved);
      }
    }
    store.set(ord, prepared);
    QuantizedDistances qd = quantized;
    if (qd != null) {
      qd.encode(store, ord);
    }
    synchronized (lockOf(ord)) {
      graph.setNeighbors(ord, EMPTY, 0);
    }
    return ord;
  }

  private static final int[] EMPTY = new int[0];
  private int reserved; // guarded by allocLock

  private void publishCount() {
    synchronized (allocLock) {
      if (reserved > nodeCount) {
        store.setSize(reserved);
        nodeCount = reserved;
      }
    }
  }

  private void publishLive(long id, int ord) {
    synchronized (allocLock) {
      int old = ids.ordinal(id, this::isLive);
      if (old >= 0 && old != ord) { // a concurrent add of the same id finished first: newest wins
        setLive(old, false);
        liveCount.decrementAndGet();
      }
      ids.put(id, ord, this::isLive);
      setLive(ord, true);
      liveCount.incrementAndGet();
    }
  }

  private void ensureLiveCapacity(int n) {
    live.ensureCapacity(n);
  }

  /** Caller holds allocLock (so growth never loses a bit). */
  void setLive(int ord, boolean on) {
    live.set(ord, on);
  }

  /** True when slot {@code ordinal} holds a live (not deleted, not free) vector. */
  public boolean isLive(int ordinal) {
    return live.get(ordinal);
  }

  // package access for Consolidation / IndexFile
  Object allocLock() {
    return allocLock;
  }

  void freeSlot(int ord) {
    free.set(ord);
    freeList.push(ord);
  }

  boolean isFree(int ord) {
    return free.get(ord);
  }

  void setEntry(int e) {
    entry = e;
  }

  void restore(int count, int liveTotal, int entryPoint) {
    synchronized (allocLock) {
      reserved = count;
      store.setSize(count);
      graph.ensureCapacity(count);
      ensureLiveCapacity(count);
      nodeCount = count;
      entry = entryPoint;
      liveCount.set(liveTotal);
    }
  }

  void restoreLive(long id, int ord) {
    synchronized (allocLock) {
      ids.put(id, ord, this::isLive);
      setLive(ord, true);
    }
  }

  void restoreDead(long id, int ord, boolean isFree) {
    synchronized (allocLock) {
      ids.setExternal(ord, id);
      if (isFree) {
        freeSlot(ord);
      }
    }
  }

  ScratchPool scratchPool() {
    return scratch;
  }

  // ---------------------------------------------------------------- persistence

  /**
   * Writes the index to {@code file} atomically: a temporary file in the same folder, forced to
   * disk, then renamed over {@code file}. Neighbour lists are written as they are, including those
   * that inserts grew past R (up to the slack): pruning every list back to R at each save cost a
   * full re-prune of most nodes per checkpoint and lowered recall. See {@link IndexFile} for the
   * layout.
   */
  public void save(Path file) {
    structure.writeLock().lock();
    try {
      IndexFile.write(this, file);
    } finally {
      structure.writeLock().unlock();
    }
  }

  /** Opens an index written by {@link #save}: checks header and checksum, maps the vectors. */
  public static VamanaIndex open(Path file) {
    return IndexFile.read(file, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public void close() {
    if (mapping != null) {
      mapping.close();
    }
  }

  // ---------------------------------------------------------------- accessors

  public boolean contains(long id) {
    return ids.ordinal(id, this::isLive) >= 0;
  }

  /** A copy of the stored vector of {@code id} (unit length for cosine), or null. */
  public float[] vector(long id) {
    int ord = ids.ordinal(id, this::isLive);
    if (ord < 0) {
      return null;
    }
    float[] v = store.get(ord);
    return v.length == dimension ? v : java.util.Arrays.copyOf(v, dimension);
  }

  /** Number of live vectors. */
  public int size() {
    return liveCount.get();
  }

  public int dimension() {
    return dimension;
  }

  /** Floats per row of {@link #vectors()}: the dimension, plus one for inner product. */
  public int storedDimension() {
    return storedDimension;
  }

  public Metric metric() {
    return metric;
  }

  public int maxDegree() {
    return maxDegree;
  }

  public int buildListSize() {
    return buildListSize;
  }

  public float alpha() {
    return alpha;
  }

  public Quantization quantization() {
    return quantization;
  }

  /** Slots in use, including deleted and free ones. */
  public int nodeCount() {
    return nodeCount;
  }

  /** The entry point of every search (the medoid after a bulk build), or -1 when empty. */
  public int entryPoint() {
    return entry;
  }

  /** Copies the neighbour ordinals of {@code ordinal} into {@code dst} (length at least {@link #neighborCapacity()}). */
  public int neighbors(int ordinal, int[] dst) {
    return graph.neighbors(ordinal, dst);
  }

  /** The most neighbours one list can hold in memory (R plus the build slack). */
  public int neighborCapacity() {
    return graph.capacity();
  }

  /**
   * The vector rows by ordinal, read-only for callers: unit length for cosine; for inner product
   * each row has {@link #storedDimension()} floats, the vector followed by its MIPS-to-L2
   * coordinate (ignore the last float, or pad queries with a zero).
   */
  public VectorStore vectors() {
    return store;
  }

  public long externalId(int ordinal) {
    return ids.externalId(ordinal);
  }

  /** Bytes of memory the index holds: vectors, graph, id map and liveness bits. */
  public long memoryBytes() {
    QuantizedDistances qd = quantized;
    return store.bytes() + graph.bytes() + ids.bytes() + live.bytes()
        + (qd == null ? 0 : qd.codes().bytes());
  }

  /** Number of deleted slots waiting for {@link #consolidate}. */
  public int pendingDeletes() {
    synchronized (allocLock) {
      return nodeCount - liveCount.get() - free.cardinality();
    }
  }

  /** Named settings for a new, empty index. */
  public static final class Builder {
    int dimension = -1;
    Metric metric = Metric.L2;
    int maxDegree = 48;
    int buildListSize = 100;
    float alpha = 1.2f;
    int threads = Runtime.getRuntime().availableProcessors();
    long seed = 42;
    Quantization quantization = Quantization.NONE;
    boolean freeOnClose;

    /** Distances of the graph walk: {@link Quantization#NONE} (float32) or {@link Quantization#SQ8}. */
    public Builder quantization(Quantization q) {
      this.quantization = q;
      return this;
    }

    public Builder dimension(int d) {
      this.dimension = d;
      return this;
    }

    public Builder metric(Metric m) {
      this.metric = m;
      return this;
    }

    /** R: the most neighbours a node keeps (default 48; the DiskANN papers use 64, see docs/BENCHMARKS.md). */
    public Builder maxDegree(int r) {
      this.maxDegree = r;
      return this;
    }

    /** L during the build: the candidate list of the insertion searches (default 100). */
    public Builder buildListSize(int l) {
      this.buildListSize = l;
      return this;
    }

    /** The RobustPrune parameter (default 1.2); 1 gives the sparsest graph. */
    public Builder alpha(float a) {
      this.alpha = a;
      return this;
    }

    /** Threads for bulk builds and consolidation (default: all cores). */
    public Builder threads(int t) {
      this.threads = t;
      return this;
    }

    /** Seed of the insertion order (default 42). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Keeps the vectors in memory that {@link VamanaIndex#close} frees at once, instead of memory
     * the garbage collector frees some time after the index is dropped (the default). For builds
     * that must stay within a memory budget, such as the shards of the SSD build; the index must not
     * be used after close.
     */
    public Builder freeVectorsOnClose(boolean b) {
      this.freeOnClose = b;
      return this;
    }

    public VamanaIndex build() {
      validate();
      int stored = metric == Metric.INNER_PRODUCT ? dimension + 1 : dimension;
      if (freeOnClose) {
        Arena arena = Arena.ofShared();
        return new VamanaIndex(this, new VectorStore(stored, 0, arena), arena);
      }
      return new VamanaIndex(this, new VectorStore(stored), null);
    }

    void validate() {
      if (dimension < 1 || dimension > 65_536) {
        throw new VamanaException("dimension must be in 1..65536, got " + dimension);
      }
      if (quantization == null) {
        throw new VamanaException("quantization is required (none or sq8)");
      }
      if (metric == null) {
        throw new VamanaException("metric is required (l2, ip or cosine)");
      }
      if (maxDegree < 2 || maxDegree > 4096) {
        throw new VamanaException("max degree R must be in 2..4096, got " + maxDegree);
      }
      if (buildListSize < 1 || buildListSize > 100_000) {
        throw new VamanaException("build list size L must be in 1..100000, got " + buildListSize);
      }
      if (!(alpha >= 1f && alpha <= 4f)) {
        throw new VamanaException("alpha must be in [1, 4], got " + alpha);
      }
      if (threads < 1 || threads > 4096) {
        throw new VamanaException("threads must be in 1..4096, got " + threads);
      }
    }
  }
}
