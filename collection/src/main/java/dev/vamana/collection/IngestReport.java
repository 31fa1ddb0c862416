package dev.vamana.collection;

import java.util.List;

/**
 * What one ingestion run did: documents added (new), updated (content changed), unchanged (same content hash,
 * skipped), removed (gone from the source), skipped (with reasons), chunks embedded and the time taken. Immutable.
 */
public record IngestReport(int added, int updated, int unchanged, int removed, int skipped, long chunks, long millis,
                           List<String> skippedReasons) {
    /** One line for a terminal. */
    public String summary() {
        double s = millis / 1000.0;
        return String.format("%d added, %d updated, %d unchanged, %d removed, %d skipped; %d %s embedded in %.1f s (%.0f chunks/s)",
                added, updated, unchanged, removed, skipped, chunks, chunks == 1 ? "chunk" : "chunks", s, s > 0 ? chunks / s : 0.0);
    }
}
