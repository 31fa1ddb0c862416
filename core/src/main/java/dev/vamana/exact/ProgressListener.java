package dev.vamana.exact;

/**
 * Receives progress of a long computation: {@code done} of {@code total} units. Calls come from
 * worker threads but are serialised by the caller, with {@code done} never decreasing; an
 * implementation must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {
  void update(long done, long total);
}
