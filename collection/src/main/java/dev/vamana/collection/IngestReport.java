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
        String counts = String.format("%d added, %d updated, %d unchanged, %d removed, %d skipped; ", added, updated, unchanged, removed, skipped);
        if (chunks == 0) return counts + String.format("nothing to embed (%.1f s)", s);
        return counts + String.format("%d %s embedded in %.1f s (%.0f chunks/s)", chunks, chunks == 1 ? "chunk" : "chunks", s,
                s > 0 ? chunks / s : 0.0);
    }
}
