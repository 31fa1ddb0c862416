package dev.vamana.collection;

/** One stored chunk with the metadata of its document (path, title, type, modified time). Immutable. */
public record ChunkRecord(long chunkId, long documentId, int position, String text, String path, String title,
                          String fileType, long modifiedMillis) {}
