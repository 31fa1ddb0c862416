package dev.vamana.graph;

/** Scores a node against a prepared query: lower is closer. Implementations are thread-safe. */
interface Scorer {
  float distance(float[] preparedQuery, int node);
}
