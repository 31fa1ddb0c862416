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
