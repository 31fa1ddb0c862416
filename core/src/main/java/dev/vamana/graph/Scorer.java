package dev.vamana.graph;

/** Scores a node against a prepared query: lower is closer. Implementations are thread-safe. */
interface Scorer {
  float distance(float[] preparedQuery, int node);

  /** Distances to four nodes at once into {@code out[0..4)}, overlapping their memory fetches. */
  void distance4(float[] preparedQuery, int a, int b, int c, int d, float[] out);
}
