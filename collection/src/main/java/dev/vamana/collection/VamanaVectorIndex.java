package dev.vamana.collection;

import dev.vamana.graph.SearchResult;
import dev.vamana.graph.Quantization;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The production {@link VectorIndex}: the in-memory Vamana graph ({@link VamanaIndex}, cosine, R=32,
 * build L=32, alpha 1.2, SQ8 walks in searches and inserts) with chunk ids as external ids. A collection's graph
 * is built while the embedding model uses the same cores, so it takes a lighter graph than the engine's defaults
 * (R=48, L=100): every core-second the graph spends is taken from the model, while a text query spends
 * ~3.5 ms in the model and well under 1 ms in the graph. On 58k MiniLM passages this costs about 40% of the insert
 * CPU of L=64 with float32 walks, and a search list of 100 still finds 98.7% of the exact top 10 (see
 * docs/BENCHMARKS-search.md, "SQ8 graph walk, build list 32"). Searches use a candidate list of
 * {@code max(k, searchList)}.
 * Deleted nodes are consolidated before each save, so snapshots do not carry tombstones.
 *
 * <p>Bulk loads ({@link #bulkLoad}): adds go to an unindexed buffer that searches scan exactly, and the buffer
 * is linked into the graph in one parallel pass when it fills ({@value #MAX_BUFFERED} vectors), on
 * {@link #save} and when the bulk load ends. Linking while the embedding model runs on the same cores costs
 * about twice its own CPU (the two evict each other's data from the caches), so an ingest run defers it.
 *
 * <p>Thread-safe, as {@link VamanaIndex} is: concurrent searches, adds and deletes. Writers (add, delete, save,
 * bulkLoad) are serialised on this object; a search reads the buffer without locking (append-only arrays whose
 * published size only grows, replaced as a whole when flushed). Owns the index and closes it.
 */
public final class VamanaVectorIndex implements VectorIndex {
    /** Default search list size: recall@10 about 0.98 on 384-d MiniLM data. */
    public static final int DEFAULT_SEARCH_LIST = 100;
    static final int MAX_DEGREE = 32;
    /**
     * Build list of the collection graph. With the SQ8 walk (below) for inserts and searches, 32 keeps recall@10 at
     * 0.987 (search list 100) on the WordNet MiniLM vectors for about 70% of the insert CPU of 40 with float32 walks
     * (docs/BENCHMARKS-search.md, "Collection graph").
     */
    static final int BUILD_LIST_SIZE = 32;
    /** Most vectors a bulk load buffers before linking them into the graph. */
    static final int MAX_BUFFERED = 32_768;

    private final VamanaIndex index;
    private final int searchList;
    private final int dimension;
    private boolean bulk;
    /** Vectors added during a bulk load and not yet in the graph; never null. */
    private volatile Buffer buffer;

    private VamanaVectorIndex(VamanaIndex index, int searchList) {
        this.index = index;
        this.searchList = searchList;
        this.dimension = index.dimension();
        this.buffer = new Buffer(dimension, 0);
    }

    /**
     * Unit-length rows not yet in the graph, in add order. Only the writer (holding the index's lock) changes
     * it; a search reads the prefix {@code [0, size)} without locking. Every change ends with a write of the
     * volatile {@code size}, so a search that starts after a change returns sees it (a deleted row included).
     */
    private static final class Buffer {
        final long[] ids;
        final float[] rows;
        final boolean[] dead;
        final int dim;
        volatile int size;
        int deadCount;
        /** While this buffer is being linked into the graph: the graph's size before the pass; else -1. */
        volatile int graphBase = -1;
        /** Live position of each buffered id; the writer's only. */
        final java.util.Map<Long, Integer> positions = new java.util.HashMap<>();

        Buffer(int dim, int capacity) {
            this.dim = dim;
            this.ids = new long[capacity];
            this.rows = new float[capacity * dim];
            this.dead = new boolean[capacity];
        }

        Buffer grown(int capacity) {
            Buffer b = new Buffer(dim, capacity);
            int n = size;
            System.arraycopy(ids, 0, b.ids, 0, n);
            System.arraycopy(rows, 0, b.rows, 0, n * dim);
            System.arraycopy(dead, 0, b.dead, 0, n);
            b.deadCount = deadCount;
            b.positions.putAll(positions);
            b.size = n;
            return b;
        }

        int indexOf(long id) {
            return positions.getOrDefault(id, -1);
        }

        void remove(int pos) {
            dead[pos] = true;
            deadCount++;
            positions.remove(ids[pos]);
            size = size; // publishes dead[pos] to searches that start after this
        }

        int live() {
            int n = size; // the volatile read first: deadCount was written before the size write that published it
            return n - deadCount;
        }
    }

    /** A factory whose indexes build with all cores and search with the given list size. */
    public static Factory factory(int searchList) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new Factory() {
            @Override
            public VectorIndex create(int dimension) {
                VamanaIndex idx = VamanaIndex.builder().dimension(dimension).metric(Metric.COSINE).maxDegree(MAX_DEGREE)
                        .buildListSize(BUILD_LIST_SIZE).quantization(Quantization.SQ8).threads(threads).build();
                idx.insertWalkOnCodes(true);
                return new VamanaVectorIndex(idx, searchList);
            }

            @Override
            public VectorIndex open(Path file) {
                VamanaIndex idx = VamanaIndex.open(file);
                idx.insertWalkOnCodes(true);
                if (idx.metric() != Metric.COSINE) {
                    idx.close();
                    throw new dev.vamana.VamanaException(file + ": metric is " + idx.metric() + ", expected COSINE");
                }
                return new VamanaVectorIndex(idx, searchList);
            }

            @Override
            public VectorIndex build(int dimension, List<float[]> vectors, long[] ids) {
                VamanaVectorIndex v = (VamanaVectorIndex) create(dimension);
                if (ids.length > 0) {
                    VectorStore store = new VectorStore(dimension, ids.length);
                    for (float[] row : vectors) store.append(row);
                    v.index.addAll(store, ids, null);
                }
                return v;
            }
        };
    }

    /** {@link #factory(int)} with {@link #DEFAULT_SEARCH_LIST}. */
    public static Factory factory() {
        return factory(DEFAULT_SEARCH_LIST);
    }

    @Override
    public synchronized void add(long id, float[] vector) {
        if (!bulk) {
            index.add(id, vector);
            return;
        }
        Vectors.checkVector(vector, dimension, "vector for id " + id); // as the graph's add would, before anything is buffered
        float[] unit = Vectors.prepare(Metric.COSINE, vector, "vector for id " + id);
        delete(id); // an add replaces any vector with the same id, buffered or in the graph
        Buffer b = buffer;
        if (b.size == MAX_BUFFERED) {
            flush();
            b = buffer;
        }
        if (b.size == b.ids.length) {
            b = b.grown(Math.min(MAX_BUFFERED, Math.max(1024, 2 * b.ids.length)));
            buffer = b;
        }
        int n = b.size;
        b.ids[n] = id;
        System.arraycopy(unit, 0, b.rows, n * dimension, dimension);
        b.positions.put(id, n);
        b.size = n + 1;
    }

    @Override
    public synchronized boolean delete(long id) {
        Buffer b = buffer;
        int pos = b.indexOf(id);
        if (pos >= 0) {
            b.remove(pos);
            return true;
        }
        return index.delete(id);
    }

    @Override
    public synchronized boolean contains(long id) {
        return buffer.indexOf(id) >= 0 || index.contains(id);
    }

    @Override
    public synchronized float[] vector(long id) {
        Buffer b = buffer;
        int i = b.indexOf(id);
        if (i >= 0) return java.util.Arrays.copyOfRange(b.rows, i * dimension, (i + 1) * dimension);
        return index.vector(id);
    }

    /**
     * Takes no lock (the collection's counts call it while a checkpoint runs). While buffered vectors are being
     * linked they are in the graph and still in the buffer; they count once: the graph's size before the pass plus
     * the buffer. The reads go buffer, graph, pass marker: a marker still unset means the graph size was read
     * before the pass published anything.
     */
    @Override
    public int size() {
        Buffer b = buffer;
        int graph = index.size();
        int base = b.graphBase;
        return (base >= 0 ? base : graph) + b.live();
    }

    /**
     * Starts or ends a bulk load. While it lasts, adds are buffered (searches scan them exactly) and linked into
     * the graph in bulk; ending it links what is buffered.
     */
    @Override
    public synchronized void bulkLoad(boolean on) {
        if (!on) flush();
        bulk = on;
    }

    /** Links every buffered vector into the graph in one parallel pass. The caller holds this object's lock. */
    private void flush() {
        Buffer b = buffer;
        int n = b.size;
        if (n == 0) return;
        int live = b.live();
        if (live > 0) {
            VectorStore rows = new VectorStore(dimension, live);
            long[] ids = new long[live];
            float[] row = new float[dimension];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (b.dead[i]) continue;
                System.arraycopy(b.rows, i * dimension, row, 0, dimension);
                rows.append(row);
                ids[j++] = b.ids[i];
            }
            b.graphBase = index.size(); // before the pass publishes anything (adds and deletes wait on this lock)
            index.addAll(rows, ids, null);
        }
        buffer = new Buffer(dimension, 0); // searches that still hold the old buffer may see an id twice: merged
    }

    @Override
    public Hits search(float[] query, int k, LongPredicate filter) {
        Vectors.checkVector(query, dimension, "query");
        if (k < 1) throw new dev.vamana.VamanaException("k must be at least 1, got " + k);
        Buffer b = buffer;
        int n = b.size;
        Hits graph;
        if (index.size() == 0) {
            graph = new Hits(new long[0], new float[0]);
        } else {
            int list = Math.max(k, searchList);
            SearchResult r = filter == null ? index.search(query, k, list) : index.search(query, k, list, filter);
            graph = new Hits(r.ids(), r.distances());
        }
        if (n == 0) return graph;
        return merge(graph, scan(b, n, query, k, filter), k);
    }

    /** Exact top-k of the first {@code n} buffered rows (cosine distance, as the graph reports it). */
    private Hits scan(Buffer b, int n, float[] query, int k, LongPredicate filter) {
        float[] q = Vectors.prepare(Metric.COSINE, query, "query");
        var kernels = dev.vamana.vector.Kernels.get();
        int m = Math.min(k, n);
        long[] ids = new long[m];
        float[] ds = new float[m];
        int size = 0;
        for (int i = 0; i < n; i++) {
            long id = b.ids[i];
            if (b.dead[i] || (filter != null && !filter.test(id))) continue;
            float d = 1f - kernels.dot(q, 0, b.rows, i * dimension, dimension);
            if (size == m && d >= ds[m - 1]) continue;
            int pos = size == m ? m - 1 : size++;
            while (pos > 0 && ds[pos - 1] > d) {
                ds[pos] = ds[pos - 1];
                ids[pos] = ids[pos - 1];
                pos--;
            }
            ds[pos] = d;
            ids[pos] = id;
        }
        return new Hits(java.util.Arrays.copyOf(ids, size), java.util.Arrays.copyOf(ds, size));
    }

    /** The k nearest of two sorted hit lists, each id once. */
    private static Hits merge(Hits a, Hits b, int k) {
        long[] ids = new long[Math.min(k, a.ids().length + b.ids().length)];
        float[] ds = new float[ids.length];
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int i = 0, j = 0, n = 0;
        while (n < ids.length && (i < a.ids().length || j < b.ids().length)) {
            boolean fromA = j >= b.ids().length || (i < a.ids().length && a.distances()[i] <= b.distances()[j]);
            long id = fromA ? a.ids()[i] : b.ids()[j];
            float d = fromA ? a.distances()[i++] : b.distances()[j++];
            if (seen.add(id)) {
                ids[n] = id;
                ds[n++] = d;
            }
        }
        return new Hits(java.util.Arrays.copyOf(ids, n), java.util.Arrays.copyOf(ds, n));
    }

    @Override
    public synchronized void save(Path file) {
        flush();
        index.consolidate();
        index.save(file);
    }

    @Override
    public void close() {
        index.close();
    }
}
