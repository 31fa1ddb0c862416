package dev.vamana.collection;

/**
 * One entry of the collection's change log: a chunk added ({@code add == true}) or deleted, with the log's
 * sequence number. The derived indexes (vectors, keywords) replay these after their last checkpoint. Immutable.
 */
public record Change(long seq, long chunkId, boolean add) {}
