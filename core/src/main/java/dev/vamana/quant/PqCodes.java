package dev.vamana.quant;

import dev.vamana.VamanaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The PQ codes of {@code n} vectors, {@code m} bytes each, row after row in one off-heap block
 * (allocated with an automatic arena, freed by the garbage collector). Reads may run concurrently;
 * writes of distinct rows too (encoding does so), with the caller publishing the result safely.
 */
public final class PqCodes {
  private final int n;
  private final int m;
  private final MemorySegment segment;

  private PqCodes(int n, int m, MemorySegment segment) {
    this.n = n;
    this.m = m;
    this.segment = segment;
  }

  /** Zeroed room for {@code n} codes of {@code m} bytes. */
  public static PqCodes allocate(int n, int m) {
    if (n < 0 || m < 1) {
      throw new VamanaException("cannot hold " + n + " PQ codes of " + m + " bytes");
    }
    return new PqCodes(n, m, Arena.ofAuto().allocate(Math.max(1L, (long) n * m), 64));
  }

  public int size() {
    return n;
  }

  public int m() {
    return m;
  }

  /** The block of codes: code {@code i} is at byte offset {@code i * m}. */
  public MemorySegment segment() {
    return segment;
  }

  /** Byte offset of code {@code i}. */
  public long offset(int i) {
    return (long) i * m;
  }

  /** Bytes of memory held. */
  public long bytes() {
    return (long) n * m;
  }
}
