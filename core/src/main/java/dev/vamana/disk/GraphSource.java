package dev.vamana.disk;

import dev.vamana.vector.Metric;

/**
 * A finished graph seen by dense ordinals {@code 0..nodeCount()-1}, as the {@link DiskLayoutWriter}
 * streams it: every ordinal is a live node, neighbour lists hold ordinals of the same numbering.
 * Implemented over a {@link dev.vamana.graph.VamanaIndex} (compacting away deleted slots) and by
 * the partitioned build's merge.
 *
 * <p>The writer calls {@link #vector} and {@link #neighbors} for ordinals in increasing order from
 * one thread; implementations need not be thread-safe.
 */
public interface GraphSource {
  Metric metric();

  int dimension();

  /** Largest degree any node may have (R). */
  int maxDegree();

  int nodeCount();

  /** The search entry point (the medoid). */
  int entryPoint();

  /** Copies node {@code ord}'s vector (normalised if cosine) into {@code dst}. */
  void vector(int ord, float[] dst);

  /** Copies node {@code ord}'s neighbour ordinals into {@code dst}; returns the degree. */
  int neighbors(int ord, int[] dst);

  /** The external id of node {@code ord}. */
  long externalId(int ord);
}
