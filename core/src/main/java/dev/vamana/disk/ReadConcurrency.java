package dev.vamana.disk;

import java.util.Locale;

/** How the up-to-W block reads of one beam-search round are kept in flight with {@link IoMode#DIRECT}. */
public enum ReadConcurrency {
  /** One read after the other on the query thread (the baseline). */
  SERIAL,
  /** All but one read handed to a small fixed pool of platform threads owned by the index; the query thread does the last. */
  POOL,
  /** One virtual thread per read but the last, which the query thread does itself. */
  VIRTUAL;

  public static ReadConcurrency parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "serial" -> SERIAL;
      case "pool" -> POOL;
      case "virtual" -> VIRTUAL;
      default -> throw new dev.vamana.VamanaException("unknown read concurrency '" + s + "' (expected serial, pool or virtual)");
    };
  }
}
