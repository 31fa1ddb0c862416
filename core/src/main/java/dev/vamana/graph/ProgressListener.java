package dev.vamana.graph;

/** TEMPORARY STUB on branch io-cli until the lead's graph package lands on main. */
@FunctionalInterface
public interface ProgressListener {
  void update(long done, long total);
}
