package dev.vamana.collection;

import java.util.List;

/**
 * A document ready to be stored: its metadata, its chunk texts in order and one embedding per chunk.
 * {@code path} is the document's identity inside a collection (adding the same path again replaces it).
 * Immutable once built; the vectors belong to the collection after the call that receives it.
 */
public record NewDocument(String path, String title, String fileType, long modifiedMillis, long sizeBytes,
                          String contentHash, List<String> chunks, List<float[]> vectors) {
    public NewDocument {
        if (chunks.size() != vectors.size()) {
            throw new IllegalArgumentException("document " + path + ": " + chunks.size() + " chunks but " + vectors.size() + " vectors");
        }
    }
}
