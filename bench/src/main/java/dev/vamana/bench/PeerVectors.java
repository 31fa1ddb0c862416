package dev.vamana.bench;

import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a {@link VectorStore} into the heap arrays the peer engines consume, normalising each row
 * when the metric is cosine (the peers then compare with their dot-product similarity, which is
 * what both jvector and Lucene recommend for unit vectors).
 *
 * Also the small file helpers the on-disk peers share.
 *
 * <p>Stateless; the returned list and arrays are new and owned by the caller.
 */
final class PeerVectors {
  private PeerVectors() {}

  static List<float[]> copy(VectorStore base, Metric metric) {
    int n = base.size();
    List<float[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(Vectors.prepare(metric, base.get(i), "base vector " + i));
    }
    return rows;
  }

  /** The bytes of raw float32 payload held for {@code n} vectors of dimension {@code dim}. */
  static long payloadBytes(long n, int dim) {
    return n * dim * Float.BYTES;
  }

  /** Deletes {@code dir} and everything under it, best effort (a temporary index directory); null is a no-op. */
  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temporary directory
    }
  }

  /** The summed size of the regular files under {@code dir} whose names pass {@code keep}. */
  static long directoryBytes(Path dir, java.util.function.Predicate<String> keep) {
    try (Stream<Path> files = Files.walk(dir)) {
      long sum = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p) && keep.test(p.getFileName().toString())) {
          sum += Files.size(p);
        }
      }
      return sum;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
