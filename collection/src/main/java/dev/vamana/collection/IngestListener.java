package dev.vamana.collection;

/**
 * Receives the progress of an ingestion run (for a progress bar) and each skipped item with a one-line reason.
 * Called from the ingesting thread only. All methods default to doing nothing.
 */
public interface IngestListener {
    /** The run knows its size: {@code total} items of the given unit ("files" or "lines"). */
    default void started(long total, String unit) {}

    /** {@code done} items are finished (stored, unchanged or skipped). */
    default void progress(long done) {}

    /** An item was skipped; the reason is one line. */
    default void skipped(String path, String reason) {}

    /** A listener that ignores everything. */
    IngestListener NONE = new IngestListener() {};
}
