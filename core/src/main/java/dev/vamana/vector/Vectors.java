package dev.vamana.vector;

import dev.vamana.VamanaException;

/** Small checks and transforms on single vectors: finiteness, norms, normalisation. */
public final class Vectors {
  private Vectors() {}

  /**
   * Throws a {@link VamanaException} naming {@code what} when {@code v} has the wrong dimension or
   * holds NaN or an infinite value.
   */
  public static void checkVector(float[] v, int dimension, String what) {
    if (v == null) {
      throw new VamanaException(what + " is null");
    }
    if (v.length != dimension) {
      throw new VamanaException(what + " has dimension " + v.length + ", expected " + dimension);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new VamanaException(what + " has a non-finite value (" + v[i] + ") at position " + i);
      }
    }
  }

  /** Returns a unit-length copy of {@code v}; throws when {@code v} is all zeros. */
  public static float[] normalized(float[] v, String what) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    if (s == 0) {
      throw new VamanaException(what + " is the zero vector, which has no direction for cosine");
    }
    float inv = (float) (1.0 / Math.sqrt(s));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /** The copy of {@code v} that the metric compares: normalised for cosine, else {@code v} itself. */
  public static float[] prepare(Metric metric, float[] v, String what) {
    return metric.normalizes() ? normalized(v, what) : v;
  }
}
