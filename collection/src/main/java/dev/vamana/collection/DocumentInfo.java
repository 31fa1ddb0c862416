package dev.vamana.collection;

/** A stored document's metadata and chunk count. Immutable. */
public record DocumentInfo(long id, String path, String title, String fileType, long modifiedMillis, long sizeBytes,
                           String contentHash, int chunkCount) {}
