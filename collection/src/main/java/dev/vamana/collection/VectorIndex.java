package dev.vamana.collection;

import java.nio.file.Path;
import java.util.function.LongPredicate;

/**
 * The approximate-nearest-neighbour index a {@link Collection} keeps its chunk vectors in, keyed by chunk id.
 * A seam so that the collection logic does not depend on one index type (the in-memory Vamana graph today,
 * the SSD index later).
 *
 * <p>Implementations must be thread-safe for concurrent searches, adds and deletes. {@link #save} writes a
 * complete, checksummed file atomically (temporary file, force, rename).
 */
public interface VectorIndex extends AutoCloseable {

    /** Inserts or replaces the vector of a chunk. */
    void add(long id, float[] vector);

    /** Removes a chunk; returns false when it was not there. Takes effect at once. */
    boolean delete(long id);

    /** True when the chunk is live in the index. */
    boolean contains(long id);

    /** Stored (normalised) vector of a chunk, or null. */
    float[] vector(long id);

    /** Number of live vectors. */
    int size();

    /** Top-k ids by ascending distance among ids accepted by the filter (null: all). */
    Hits search(float[] query, int k, LongPredicate filter);

    /** Writes the index to a file atomically. */
    void save(Path file);

    /**
     * Starts ({@code true}) or ends a bulk load: the index may defer the work of indexing adds (searches still
     * find them) and do it in bulk later; ending a bulk load finishes that work. The default does nothing.
     */
    default void bulkLoad(boolean on) {}

    @Override
    void close();

    /** Search answer: ids and their distances, best first. Arrays are owned by the caller. */
    record Hits(long[] ids, float[] distances) {
        public int size() {
            return ids.length;
        }
    }

    /** Creates empty indexes and opens saved ones. Thread-safe. */
    interface Factory {
        /** An empty cosine index for vectors of the given dimension. */
        VectorIndex create(int dimension);

        /** Opens a file written by {@link VectorIndex#save}; throws {@link dev.vamana.VamanaException} if it is damaged. */
        VectorIndex open(Path file);

        /** Bulk-builds an index from vectors (faster than one add at a time); ids parallel to rows. */
        default VectorIndex build(int dimension, java.util.List<float[]> vectors, long[] ids) {
            VectorIndex index = create(dimension);
            for (int i = 0; i < ids.length; i++) index.add(ids[i], vectors.get(i));
            return index;
        }
    }
}
