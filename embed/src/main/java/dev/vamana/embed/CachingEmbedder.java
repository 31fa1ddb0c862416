package dev.vamana.embed;

import dev.vamana.vector.Metric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link Embedder} that remembers the vectors of the last {@code capacity} texts (least recently used are
 * forgotten), for search queries: the web page repeats a query when only its filters, mode or k change, and
 * popular queries recur. Not meant for ingestion, where texts do not repeat.
 *
 * <p>Thread-safe: the cache is guarded by its own monitor, held only for the lookup and the insert, never
 * while the model runs (two threads missing on the same text may both embed it; both get the same vector).
 * Returned arrays are copies owned by the caller. Memory: about {@code capacity * (4 * dimension + text)} bytes.
 */
public final class CachingEmbedder implements Embedder {
    private final Embedder inner;
    private final Map<String, float[]> cache;

    public CachingEmbedder(Embedder inner, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity: expected at least 1, got " + capacity);
        this.inner = inner;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public Metric metric() {
        return inner.metric();
    }

    @Override
    public float[] embed(String text) {
        float[] v;
        synchronized (cache) {
            v = cache.get(text);
        }
        if (v == null) {
            v = inner.embed(text);
            synchronized (cache) {
                cache.put(text, v);
            }
        }
        return v.clone();
    }

    /** Number of cached texts. */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
