package dev.vamana.collection;

/**
 * One search result: the chunk, its score (cosine similarity in vector mode, the fused RRF score in hybrid
 * mode; higher is better), its document, and its text with the query terms wrapped in {@code <mark>} (HTML-escaped
 * otherwise). Immutable.
 */
public record SearchHit(long chunkId, double score, long documentId, String path, String title, String fileType,
                        int position, long modifiedMillis, String text, String highlighted) {}
