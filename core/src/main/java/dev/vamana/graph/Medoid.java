package dev.vamana.graph;

/**
 * The node nearest the centroid of a set of nodes: DiskANN's entry point. Costs one pass over the
 * vectors to sum them and one distance per node.
 */
final class Medoid {
  private Medoid() {}

  /** Returns the position in {@code ords} of the node nearest the centroid of all of them. */
  static int of(NodeDistances dist, int[] ords, int threads) {
    int dim = dist.store().dimension();
    double[] sum = new double[dim];
    float[] v = new float[dim];
    for (int ord : ords) {
      dist.store().get(ord, v);
      for (int j = 0; j < dim; j++) {
        sum[j] += v[j];
      }
    }
    float[] centroid = new float[dim];
    for (int j = 0; j < dim; j++) {
      centroid[j] = (float) (sum[j] / ords.length);
    }
    if (dist.metric().normalizes()) {
      double n = 0;
      for (float x : centroid) {
        n += (double) x * x;
      }
      if (n > 0) {
        float inv = (float) (1 / Math.sqrt(n));
        for (int j = 0; j < dim; j++) {
          centroid[j] *= inv;
        }
      }
    }
    int best = 0;
    float bestD = Float.POSITIVE_INFINITY;
    for (int i = 0; i < ords.length; i++) {
      float d = dist.distance(centroid, ords[i]);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }
}
