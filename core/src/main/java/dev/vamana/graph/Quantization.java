package dev.vamana.graph;

/**
 * How the graph walk of a search computes distances. {@link #NONE}: full-precision float32 rows.
 * {@link #SQ8}: 8-bit scalar-quantised codes (a quarter of the bytes, so far fewer cache misses),
 * then an exact re-rank of the final candidate list with the float32 rows. SQ8 costs
 * {@code dim + 4} bytes per vector more memory.
 */
public enum Quantization {
  NONE(0),
  SQ8(1);

  private final int code;

  Quantization(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Quantization fromCode(int code) {
    for (Quantization q : values()) {
      if (q.code == code) {
        return q;
      }
    }
    throw new dev.vamana.VamanaException("unknown quantization code " + code + " (expected 0=none, 1=sq8)");
  }

  public static Quantization parse(String s) {
    return switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "none", "float32", "off" -> NONE;
      case "sq8", "int8" -> SQ8;
      default -> throw new dev.vamana.VamanaException("unknown quantization '" + s + "' (expected none or sq8)");
    };
  }
}
