package dev.vamana.embed;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Turns text into a fixed-length vector for semantic search.
 *
 * <p>Implementations must be thread-safe: {@link #embed(String)} may be called from many threads at once,
 * and callers get parallelism by running one text per call on several threads (see {@link #embedAll}),
 * never by padding several texts into one model batch (that changes the vectors). Returned arrays are owned
 * by the caller. A second model is added by implementing this interface and registering it in
 * {@link Embedders}; callers only see this interface.
 */
public interface Embedder extends AutoCloseable {

    /** Stable model name, stored with each collection so that a collection is always queried with its model. */
    String name();

    /** Length of every vector this embedder returns. */
    int dimension();

    /** Metric the vectors are meant for (vectors are unit length, so cosine). */
    Metric metric();

    /** Embeds one text; returns a new unit-length array of {@link #dimension()} floats. */
    float[] embed(String text);

    /**
     * Embeds every text, one text per model call, spread over the given executor (the caller owns it).
     * The result list is in input order.
     */
    default List<float[]> embedAll(List<String> texts, ExecutorService executor) {
        if (executor == null || texts.size() <= 1) {
            List<float[]> out = new ArrayList<>(texts.size());
            for (String t : texts) out.add(embed(t));
            return out;
        }
        List<Future<float[]>> futures = new ArrayList<>(texts.size());
        for (String t : texts) futures.add(executor.submit(() -> embed(t)));
        List<float[]> out = new ArrayList<>(texts.size());
        try {
            for (Future<float[]> f : futures) out.add(f.get());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new VamanaException("embedding interrupted");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new VamanaException("embedding failed: " + c);
        }
        return out;
    }

    /** Releases model resources; the default does nothing. */
    @Override
    default void close() {}
}
