package dev.vamana.bench;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.SplittableRandom;

/**
 * Seeded synthetic clustered vectors for scale benchmarks: {@code clusters} centres drawn uniformly
 * in {@code [-1, 1]^dim} from {@code centreSeed}, then each point is a centre chosen uniformly at
 * random plus gaussian noise of standard deviation {@code sigma} per coordinate (Box-Muller), from
 * {@code seed}. The same parameters give the same bytes on any machine; queries come from the same
 * centres with another {@code seed}. Streams rows out, so any n fits in a few MB of memory.
 *
 * <p>Immutable and thread-safe; {@link #write} is sequential.
 */
public record ClusteredGenerator(int dim, int clusters, double sigma, long centreSeed) {
  public ClusteredGenerator {
    if (dim < 1 || dim > 65_536) {
      throw new VamanaException("dimension " + dim + " out of range (1..65536)");
    }
    if (clusters < 1) {
      throw new VamanaException("clusters must be at least 1, got " + clusters);
    }
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new VamanaException("sigma must be a finite number >= 0, got " + sigma);
    }
  }

  /** The cluster centres, {@code clusters x dim}. */
  public float[][] centres() {
    SplittableRandom rnd = new SplittableRandom(centreSeed);
    float[][] c = new float[clusters][dim];
    for (float[] x : c) {
      for (int j = 0; j < dim; j++) {
        x[j] = (float) (rnd.nextDouble() * 2 - 1);
      }
    }
    return c;
  }

  /**
   * Writes {@code n} rows from {@code seed} to {@code ch}: as {@code .fvecs} (each row int32 dim then
   * the floats) or, when {@code fbin}, as {@code .fbin} (int32 n, int32 dim, then the rows).
   */
  public void write(FileChannel ch, int n, long seed, boolean fbin, ProgressListener progress) throws IOException {
    float[][] c = centres();
    SplittableRandom rnd = new SplittableRandom(seed);
    int rowBytes = (fbin ? 0 : 4) + 4 * dim;
    int rowsPerBuffer = Math.max(1, (1 << 20) / rowBytes);
    ByteBuffer b = ByteBuffer.allocate(rowBytes * rowsPerBuffer).order(ByteOrder.LITTLE_ENDIAN);
    if (fbin) {
      ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(n).putInt(dim).flip();
      while (h.hasRemaining()) {
        ch.write(h);
      }
    }
    for (int i = 0; i < n; i++) {
      float[] cc = c[rnd.nextInt(clusters)];
      if (!fbin) {
        b.putInt(dim);
      }
      for (int j = 0; j < dim; j++) {
        double u = Math.max(1e-12, rnd.nextDouble()), w = rnd.nextDouble();
        b.putFloat(cc[j] + (float) (sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w)));
      }
      if (!b.hasRemaining() || i == n - 1) {
        b.flip();
        while (b.hasRemaining()) {
          ch.write(b);
        }
        b.clear();
        if (progress != null) {
          progress.update(i + 1L, n);
        }
      }
    }
  }
}
