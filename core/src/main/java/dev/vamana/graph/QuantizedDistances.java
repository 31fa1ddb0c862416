package dev.vamana.graph;

import dev.vamana.quant.CodeStore;
import dev.vamana.quant.ScalarQuantizer;
import dev.vamana.vector.VectorKernels;

/**
 * Approximate distances from a prepared query to 8-bit codes, used to walk the graph: a code row
 * is a quarter of a float row, so many more of them stay in the CPU caches. The query weights are
 * prepared once per search into {@code w}, whose last slot carries the per-query constant. The
 * final candidates are re-ranked with exact distances by {@link VamanaIndex}.
 *
 * <p>Thread-safe (no mutable state of its own).
 */
final class QuantizedDistances implements Scorer {
  private final ScalarQuantizer sq;
  private final CodeStore codes;
  private final VectorKernels kernels;
  private final int dim;

  QuantizedDistances(ScalarQuantizer sq, CodeStore codes, VectorKernels kernels) {
    this.sq = sq;
    this.codes = codes;
    this.kernels = kernels;
    this.dim = sq.dimension();
  }

  /**
   * Learns SQ8 ranges from the rows {@code [0, n)} that {@code skip} does not exclude and encodes
   * every row below {@code n}; returns null when there is no row to learn from.
   */
  static QuantizedDistances train(dev.vamana.vector.Metric metric, dev.vamana.vector.VectorStore store, int n,
      java.util.function.IntPredicate skip) {
    int sd = store.dimension();
    float[] min = new float[sd], max = new float[sd];
    java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    float[] v = new float[sd];
    int seen = 0;
    for (int ord = 0; ord < n; ord++) {
      if (skip.test(ord)) {
        continue;
      }
      store.get(ord, v);
      for (int j = 0; j < sd; j++) {
        min[j] = Math.min(min[j], v[j]);
        max[j] = Math.max(max[j], v[j]);
      }
      seen++;
    }
    if (seen == 0) {
      return null;
    }
    QuantizedDistances qd = new QuantizedDistances(ScalarQuantizer.fromRanges(metric, min, max),
        new CodeStore(ScalarQuantizer.codeBytes(sd)), dev.vamana.vector.Kernels.get());
    qd.codes.ensureCapacity(n);
    for (int ord = 0; ord < n; ord++) {
      qd.encode(store, ord);
    }
    return qd;
  }

  /** (Re-)encodes row {@code ord} of {@code store}; the caller serialises writes to that row. */
  void encode(dev.vamana.vector.VectorStore store, int ord) {
    float[] v = store.get(ord);
    codes.ensureCapacity(ord + 1);
    sq.encode(v, codes.segment(ord), codes.offset(ord));
  }

  ScalarQuantizer quantizer() {
    return sq;
  }

  CodeStore codes() {
    return codes;
  }

  /** Fills {@code w} (length dim + 1) for query {@code q}. */
  void prepare(float[] q, float[] w) {
    w[dim] = sq.prepare(q, w);
  }

  @Override
  public void distance4(float[] w, int a, int b, int c, int d, float[] out) {
    sq.distance4(kernels, w, w[dim], codes.segment(a), codes.offset(a), codes.segment(b), codes.offset(b),
        codes.segment(c), codes.offset(c), codes.segment(d), codes.offset(d), out);
  }

  @Override
  public float distance(float[] w, int node) {
    return sq.distance(kernels, w, w[dim], codes.segment(node), codes.offset(node));
  }
}
