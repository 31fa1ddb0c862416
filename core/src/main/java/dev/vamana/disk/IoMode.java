package dev.vamana.disk;

import java.util.Locale;

/** How an SSD index reads node blocks from its layout file. */
public enum IoMode {
  /** {@code O_DIRECT} positional reads into 4 KiB-aligned buffers: the page cache is bypassed. */
  DIRECT,
  /** The file is memory-mapped; reads are page faults served through the page cache (for comparison). */
  MMAP;

  public static IoMode parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "direct" -> DIRECT;
      case "mmap" -> MMAP;
      default -> throw new dev.vamana.VamanaException("unknown --io '" + s + "' (expected direct or mmap)");
    };
  }
}
