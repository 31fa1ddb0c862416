package dev.vamana.bench;

import dev.vamana.exact.ExactSearch;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.util.Random;

/** Seeded clustered vectors and brute-force ground truth for the bench tests. */
final class TestData {
  private TestData() {}

  /** {@code n} vectors of {@code dim} around {@code clusters} Gaussian centres, seeded. */
  static VectorStore clustered(int n, int dim, int clusters, long seed) {
    Random centresRnd = new Random(12345);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int j = 0; j < dim; j++) {
        c[j] = (float) (centresRnd.nextGaussian() * 3);
      }
    }
    Random rnd = new Random(seed);
    VectorStore s = new VectorStore(dim, n);
    float[] v = new float[dim];
    for (int i = 0; i < n; i++) {
      float[] c = centres[rnd.nextInt(clusters)];
      for (int j = 0; j < dim; j++) {
        v[j] = c[j] + (float) rnd.nextGaussian();
      }
      s.append(v);
    }
    return s;
  }

  /** A unit-length copy of every row of {@code s}. */
  static VectorStore normalized(VectorStore s) {
    VectorStore out = new VectorStore(s.dimension(), s.size());
    for (int i = 0; i < s.size(); i++) {
      out.append(Vectors.normalized(s.get(i), "row " + i));
    }
    return out;
  }

  /** Exact top-{@code k} ids of every query, nearest first (ties: lower id first). */
  static int[][] groundTruth(VectorStore base, VectorStore queries, Metric metric, int k) {
    return ExactSearch.search(base, queries, metric, k, 1, null).ids();
  }

  /** Mean recall@k of {@code engine} at search parameter {@code param} over all queries. */
  static double recall(Engine engine, VectorStore queries, int[][] gt, int k, int param) {
    double sum = 0;
    for (int q = 0; q < queries.size(); q++) {
      sum += Recall.atK(engine.search(queries.get(q), k, param), gt[q], k);
    }
    return sum / queries.size();
  }
}
