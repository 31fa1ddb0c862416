package dev.vamana.collection;

import dev.vamana.graph.SearchResult;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The production {@link VectorIndex}: the in-memory Vamana graph ({@link VamanaIndex}, cosine, R=32,
 * build L=64, alpha 1.2) with chunk ids as external ids. A collection grows one insert at a time while
 * the embedding model uses the same cores, so it takes a lighter graph than the engine's defaults
 * (R=64, L=100): about half the insert cost, and a search list of 100 still finds the exact top 10
 * almost always (see docs/BENCHMARKS-search.md). Searches use a candidate list of {@code max(k, searchList)}.
 * Deleted nodes are consolidated before each save, so snapshots do not carry tombstones.
 *
 * <p>Thread-safe, as {@link VamanaIndex} is: concurrent searches, adds and deletes. Owns the index and closes it.
 */
public final class VamanaVectorIndex implements VectorIndex {
    /** Default search list size: recall@10 about 0.98 on 384-d MiniLM data. */
    public static final int DEFAULT_SEARCH_LIST = 100;
    static final int MAX_DEGREE = 32;
    static final int BUILD_LIST_SIZE = 64;

    private final VamanaIndex index;
    private final int searchList;

    private VamanaVectorIndex(VamanaIndex index, int searchList) {
        this.index = index;
        this.searchList = searchList;
    }

    /** A factory whose indexes build with all cores and search with the given list size. */
    public static Factory factory(int searchList) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new Factory() {
            @Override
            public VectorIndex create(int dimension) {
                return new VamanaVectorIndex(VamanaIndex.builder().dimension(dimension).metric(Metric.COSINE)
                        .maxDegree(MAX_DEGREE).buildListSize(BUILD_LIST_SIZE).threads(threads).build(), searchList);
            }

            @Override
            public VectorIndex open(Path file) {
                VamanaIndex idx = VamanaIndex.open(file);
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
    public void add(long id, float[] vector) {
        index.add(id, vector);
    }

    @Override
    public boolean delete(long id) {
        return index.delete(id);
    }

    @Override
    public boolean contains(long id) {
        return index.contains(id);
    }

    @Override
    public float[] vector(long id) {
        return index.vector(id);
    }

    @Override
    public int size() {
        return index.size();
    }

    @Override
    public Hits search(float[] query, int k, LongPredicate filter) {
        if (index.size() == 0) return new Hits(new long[0], new float[0]);
        int list = Math.max(k, searchList);
        SearchResult r = filter == null ? index.search(query, k, list) : index.search(query, k, list, filter);
        return new Hits(r.ids(), r.distances());
    }

    @Override
    public void save(Path file) {
        index.consolidate();
        index.save(file);
    }

    @Override
    public void close() {
        index.close();
    }
}
