package dev.vamana.vector;

import dev.vamana.VamanaException;
import java.util.Locale;

/**
 * The distance functions the engine supports. Every metric is expressed as a distance where lower
 * means closer, so that one search loop serves all of them:
 *
 * <ul>
 *   <li>{@link #L2}: squared Euclidean distance.
 *   <li>{@link #INNER_PRODUCT}: the negated inner product (maximum inner product search).
 *   <li>{@link #COSINE}: {@code 1 - cos(a, b)}; vectors are normalised once when they are added and
 *       queries once per search, after which it is {@code 1 - dot(a, b)}.
 * </ul>
 */
public enum Metric {
  L2(1, "l2"),
  INNER_PRODUCT(2, "ip"),
  COSINE(3, "cosine");

  private final int code;
  private final String shortName;

  Metric(int code, String shortName) {
    this.code = code;
    this.shortName = shortName;
  }

  /** The stable number stored in file headers. */
  public int code() {
    return code;
  }

  /** The name used on the command line and in JSON: {@code l2}, {@code ip} or {@code cosine}. */
  public String shortName() {
    return shortName;
  }

  /** True when vectors must be normalised to unit length before they are stored or compared. */
  public boolean normalizes() {
    return this == COSINE;
  }

  public static Metric fromCode(int code) {
    for (Metric m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    throw new VamanaException("unknown metric code " + code + " (expected 1=l2, 2=ip, 3=cosine)");
  }

  /** Parses {@code l2}, {@code euclidean}, {@code ip}, {@code dot}, {@code mips} or {@code cosine}. */
  public static Metric parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "l2", "euclidean", "sql2" -> L2;
      case "ip", "dot", "inner_product", "mips" -> INNER_PRODUCT;
      case "cosine", "cos", "angular" -> COSINE;
      default -> throw new VamanaException("unknown metric '" + name + "' (expected l2, ip or cosine)");
    };
  }

  /** Distance between two vectors already prepared for this metric (normalised if cosine). */
  public float distance(VectorKernels k, float[] a, float[] b) {
    return switch (this) {
      case L2 -> k.squaredL2(a, 0, b, 0, a.length);
      case INNER_PRODUCT -> -k.dot(a, 0, b, 0, a.length);
      case COSINE -> 1f - k.dot(a, 0, b, 0, a.length);
    };
  }
}
