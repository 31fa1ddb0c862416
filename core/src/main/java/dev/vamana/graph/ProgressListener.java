package dev.vamana.graph;

/** Placeholder identical to the lead's API in COMMON.md until VamanaIndex lands on main. */
@FunctionalInterface
public interface ProgressListener {
  void update(long done, long total);
}
