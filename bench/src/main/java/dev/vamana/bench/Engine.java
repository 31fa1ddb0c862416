package dev.vamana.bench;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;

/**
 * One approximate-nearest-neighbour engine as the side-by-side benchmark sees it: built once on a
 * base set, then searched with a single tunable search parameter (the size of the candidate list
 * it keeps, whatever the engine calls it).
 *
 * <p>Lifecycle: {@link #build} exactly once, then any number of {@link #search} calls, then {@link
 * #close}. Thread-safety: {@link #build} is not reentrant; {@link #search} may be called from one
 * thread at a time unless an implementation says otherwise. The engine owns the index it builds and
 * whatever copy of the base vectors it needs; the {@link VectorStore} passed to {@link #build} stays
 * owned by the caller and must not change while the engine is in use.
 */
public interface Engine extends AutoCloseable {

  /** Receives build progress: {@code done} of {@code total} vectors inserted. May be called from any thread. */
  @FunctionalInterface
  interface Progress {
    Progress NONE = (done, total) -> {};

    void update(long done, long total);
  }

  /** The name used on the command line and in the CSV, e.g. {@code vamana}. */
  String name();

  /** A one-line description of the settings used, for the report header. */
  String settings();

  /** What the search parameter is called by this engine (e.g. {@code L}, {@code rerankK}, {@code ef}). */
  String paramName();

  /**
   * Builds the index over every row of {@code base}, row {@code i} getting id {@code i}, using
   * {@code threads} build threads.
   */
  void build(VectorStore base, Metric metric, int threads, Progress progress);

  /**
   * The size of the built index, in bytes: for in-memory engines the memory of the graph plus the
   * vectors it searches over; for on-disk engines the bytes of their index files. Each
   * implementation documents how it measures it.
   */
  long indexBytes();

  /**
   * The bytes of RAM the searcher holds while serving queries. For in-memory engines this is {@link
   * #indexBytes()} (the default); engines that keep part of the index on disk override it and
   * document what they count (the page cache of a memory-mapped file is not counted).
   */
  default long ramBytes() {
    return indexBytes();
  }

  /**
   * Whether {@link #search} may be called from several threads at once. The benchmark measures
   * engines that say no with one search thread only.
   */
  default boolean concurrentSearch() {
    return false;
  }

  /**
   * Disk reads summed over every {@link #search} so far, or {@code -1} when the engine does not
   * count them (engines reading through memory-mapped files cannot tell page-cache hits from disk
   * reads).
   */
  default long diskReads() {
    return -1;
  }

  /**
   * The ids (rows of the base set) of the approximately {@code k} nearest neighbours of {@code
   * query}, nearest first, searching with the given search-list parameter ({@code param >= k}).
   * The query is raw: the engine normalises it itself when the metric needs it.
   */
  int[] search(float[] query, int k, int param);

  /**
   * Distance computations summed over every {@link #search} so far (the engine's own count: nodes
   * scored), or {@code -1} when the engine does not count them. A diagnostic for where query time
   * goes, not part of the CSV.
   */
  default long distanceComputations() {
    return -1;
  }

  @Override
  void close();

  /** Our engines return {@code long} ids; the harness compares {@code int} row numbers. */
  static int[] rowIds(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }
}
