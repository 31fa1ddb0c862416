package dev.vamana.disk;

import dev.vamana.io.VectorSource;
import dev.vamana.quant.PqCodes;
import dev.vamana.quant.ProductQuantizer;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Shared steps of the disk tests: write a graph with PQ, brute-force ground truth, recall. */
final class DiskTestSupport {
  private DiskTestSupport() {}

  static DiskLayout write(Path dir, GraphSource g, int pqM, long indexId) {
    VectorSource src = new VectorSource() {
      @Override
      public int size() {
        return g.nodeCount();
      }

      @Override
      public int dimension() {
        return g.dimension();
      }

      @Override
      public synchronized void get(int row, float[] dst) {
        g.vector(row, dst);
      }
    };
    ProductQuantizer pq = ProductQuantizer.train(src, g.metric(), pqM, new ProductQuantizer.TrainingOptions(Math.min(g.nodeCount(), 5000), 8, 3L, 2), null);
    PqCodes codes = pq.encodeAll(src, 2, null);
    return DiskIndexWriter.write(dir, g, pq, codes, indexId, null);
  }

  /** Exact top-k external ids (as ordinals mapped by {@code ids}) of {@code q} over {@code raw}. */
  static int[] exactTopK(Metric metric, VectorStore raw, float[] q, int k) {
    float[] pq = Vectors.prepare(metric, q, "q");
    float[] d = new float[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      d[i] = metric.distance(Kernels.scalar(), pq, Vectors.prepare(metric, raw.get(i), "v"));
    }
    return IntStream.range(0, raw.size()).boxed().sorted(Comparator.comparingDouble((Integer i) -> d[i]).thenComparingInt(i -> i))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  static double recall(long[] found, int[] truthOrds, GraphSource g) {
    long[] truth = Arrays.stream(truthOrds).mapToLong(g::externalId).toArray();
    int hit = 0;
    for (long t : truth) {
      for (long f : found) {
        if (f == t) {
          hit++;
          break;
        }
      }
    }
    return hit / (double) truth.length;
  }
}
