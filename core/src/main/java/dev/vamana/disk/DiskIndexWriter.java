package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.CheckedFileWriter;
import dev.vamana.quant.PqCodes;
import dev.vamana.quant.ProductQuantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the three files of an SSD index into a directory: {@value #LAYOUT} (the sectors, see
 * {@link DiskLayoutWriter}), {@value #PQ} (codebooks and codes, see {@link ProductQuantizer}) and
 * {@value #IDS} (external ids, see {@link IdMapFile}). All three are written and forced under
 * temporary names first and renamed only when every one is complete, the layout last; on any error
 * the temporary files are deleted and nothing is left under the final names. A node-cache side file
 * {@value #CACHE} left by an earlier index in the directory is deleted before the new files are
 * published (it would belong to another index); {@link NodeCacheFile#write} writes a new one.
 *
 * <p>Stateless; each call owns its files until it returns.
 */
public final class DiskIndexWriter {
  public static final String LAYOUT = "graph.vdk";
  public static final String PQ = "pq.vpq";
  public static final String IDS = "ids.vid";
  /** The optional node-cache side file, written after the others by {@link NodeCacheFile#write}. */
  public static final String CACHE = "cache.vnc";

  private DiskIndexWriter() {}

  /** A fresh random index id tying the files of one index together. */
  public static long newIndexId(long seed) {
    return new SplittableRandom(seed ^ System.nanoTime()).nextLong() | 1L;
  }

  /**
   * Writes {@code g} with its PQ codes (by the same ordinals) into {@code dir}, creating the
   * directory if needed.
   */
  public static DiskLayout write(Path dir, GraphSource g, ProductQuantizer pq, PqCodes codes, long indexId, ProgressListener progress) {
    if (codes.size() != g.nodeCount()) {
      throw new IllegalArgumentException(codes.size() + " PQ codes for " + g.nodeCount() + " nodes");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VamanaException("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new VamanaException("output directory " + dir + " is not writable");
    }
    try (DiskLayoutWriter layoutWriter = new DiskLayoutWriter(dir.resolve(LAYOUT));
        CheckedFileWriter pqWriter = new CheckedFileWriter(dir.resolve(PQ))) {
      DiskLayout layout = layoutWriter.write(g, indexId, progress);
      try (CheckedFileWriter idWriter = IdMapFile.write(dir.resolve(IDS), indexId, g)) {
        pq.writeTo(pqWriter, indexId, codes);
        pqWriter.finish();
        Files.deleteIfExists(dir.resolve(CACHE));
        idWriter.publish();
        pqWriter.publish();
        layoutWriter.publish();
      } catch (IOException e) {
        throw new VamanaException("cannot remove the old node-cache file " + dir.resolve(CACHE) + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        deleteQuietly(dir.resolve(IDS));
        deleteQuietly(dir.resolve(PQ));
        throw e;
      }
      return layout;
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort
    }
  }
}
