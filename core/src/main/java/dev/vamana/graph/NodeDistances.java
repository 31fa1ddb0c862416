package dev.vamana.graph;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorKernels;
import dev.vamana.vector.VectorStore;

/**
 * Distances under one metric from a prepared query (normalised if cosine) to stored rows, with the
 * kernels chosen at start-up. Stateless apart from its final fields: thread-safe.
 */
final class NodeDistances implements Scorer {
  private final Metric metric;
  private final VectorKernels kernels;
  private final VectorStore store;
  private final int dim;

  NodeDistances(Metric metric, VectorKernels kernels, VectorStore store) {
    this.metric = metric;
    this.kernels = kernels;
    this.store = store;
    this.dim = store.dimension();
  }

  Metric metric() {
    return metric;
  }

  VectorStore store() {
    return store;
  }

  @Override
  public void distance4(float[] q, int a, int b, int c, int d, float[] out) {
    VectorStore st = store;
    if (metric == Metric.L2) {
      kernels.squaredL2x4(q, st.segment(a), st.offset(a), st.segment(b), st.offset(b),
          st.segment(c), st.offset(c), st.segment(d), st.offset(d), dim, out);
      return;
    }
    kernels.dot4(q, st.segment(a), st.offset(a), st.segment(b), st.offset(b),
        st.segment(c), st.offset(c), st.segment(d), st.offset(d), dim, out);
    float base = metric == Metric.COSINE ? 1f : 0f;
    out[0] = base - out[0];
    out[1] = base - out[1];
    out[2] = base - out[2];
    out[3] = base - out[3];
  }

  /**
   * Writes the distances from {@code q} to {@code nodes[0..n)} into {@code out[0..n)}, four rows per kernel call
   * (one pass over {@code q} for four rows) and the last one to three singly. {@code four} is scratch of length 4.
   */
  void distances(float[] q, int[] nodes, int n, float[] out, float[] four) {
    int i = 0;
    for (; i + 3 < n; i += 4) {
      distance4(q, nodes[i], nodes[i + 1], nodes[i + 2], nodes[i + 3], four);
      out[i] = four[0];
      out[i + 1] = four[1];
      out[i + 2] = four[2];
      out[i + 3] = four[3];
    }
    for (; i < n; i++) {
      out[i] = distance(q, nodes[i]);
    }
  }

  @Override
  public float distance(float[] q, int node) {
    return switch (metric) {
      case L2 -> kernels.squaredL2(q, store.segment(node), store.offset(node), dim);
      case INNER_PRODUCT -> -kernels.dot(q, store.segment(node), store.offset(node), dim);
      case COSINE -> 1f - kernels.dot(q, store.segment(node), store.offset(node), dim);
    };
  }
}
