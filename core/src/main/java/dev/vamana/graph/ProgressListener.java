package dev.vamana.graph;

/**
 * Receives progress of a long operation (a build, a consolidation). Called from worker threads,
 * possibly concurrently, so implementations must be thread-safe; {@code done} only grows.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total) -> {};

  void update(long done, long total);
}
