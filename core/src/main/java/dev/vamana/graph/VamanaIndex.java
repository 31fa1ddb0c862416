package dev.vamana.graph;

import dev.vamana.VamanaException;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongPredicate;
import java.util.zip.CRC32C;

/**
 * TEMPORARY STUB on branch io-cli (brute force, no graph) so the CLI compiles and can be tested
 * until the lead's VamanaIndex lands on main; reverted before merging main. File: "VMNA" magic,
 * int32 version 1, metric, dim, n, R, L, alpha, n int64 ids, n*dim float32, CRC32C int32.
 */
public final class VamanaIndex implements AutoCloseable {
  private final int dim;
  private final Metric metric;
  private final int r;
  private final int l;
  private final float alpha;
  private final VectorStore vectors;
  private long[] ids = new long[0];

  private VamanaIndex(int dim, Metric metric, int r, int l, float alpha) {
    this.dim = dim;
    this.metric = metric;
    this.r = r;
    this.l = l;
    this.alpha = alpha;
    this.vectors = new VectorStore(dim);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Stub builder. */
  public static final class Builder {
    private int dim;
    private Metric metric = Metric.L2;
    private int r = 64;
    private int l = 100;
    private float alpha = 1.2f;

    public Builder dimension(int d) {
      dim = d;
      return this;
    }

    public Builder metric(Metric m) {
      metric = m;
      return this;
    }

    public Builder maxDegree(int v) {
      r = v;
      return this;
    }

    public Builder buildListSize(int v) {
      l = v;
      return this;
    }

    public Builder alpha(float v) {
      alpha = v;
      return this;
    }

    public Builder threads(int t) {
      return this;
    }

    public Builder seed(long s) {
      return this;
    }

    public VamanaIndex build() {
      return new VamanaIndex(dim, metric, r, l, alpha);
    }
  }

  public synchronized void addAll(VectorStore v, long[] extIds, ProgressListener progress) {
    int n = v.size();
    long[] grown = java.util.Arrays.copyOf(ids, ids.length + n);
    for (int i = 0; i < n; i++) {
      float[] x = v.get(i);
      Vectors.checkVector(x, dim, "vector " + i);
      vectors.append(Vectors.prepare(metric, x, "vector " + i));
      grown[ids.length + i] = extIds == null ? i : extIds[i];
      if (progress != null && (i % 1000 == 999 || i == n - 1)) {
        progress.update(i + 1, n);
      }
    }
    ids = grown;
  }

  public SearchResult search(float[] query, int k, int listSize) {
    return search(query, k, listSize, null);
  }

  public SearchResult search(float[] query, int k, int listSize, LongPredicate filter) {
    Vectors.checkVector(query, dim, "query");
    float[] q = Vectors.prepare(metric, query, "query");
    int n = vectors.size();
    float[] d = new float[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      d[i] = metric.distance(Kernels.get(), q, vectors.get(i));
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(d[a], d[b]));
    int m = Math.min(k, n);
    long[] rid = new long[m];
    float[] rd = new float[m];
    for (int i = 0; i < m; i++) {
      rid[i] = ids[order[i]];
      rd[i] = d[order[i]];
    }
    return new SearchResult(rid, rd, n, 0);
  }

  public int size() {
    return vectors.size();
  }

  public int dimension() {
    return dim;
  }

  public Metric metric() {
    return metric;
  }

  public int maxDegree() {
    return r;
  }

  public int buildListSize() {
    return l;
  }

  public float alpha() {
    return alpha;
  }

  public long memoryBytes() {
    return vectors.bytes() + 8L * ids.length;
  }

  public int nodeCount() {
    return vectors.size();
  }

  public int entryPoint() {
    return 0;
  }

  public int neighbors(int ordinal, int[] dst) {
    return 0;
  }

  public VectorStore vectors() {
    return vectors;
  }

  public long externalId(int ordinal) {
    return ids[ordinal];
  }

  public boolean isLive(int ordinal) {
    return true;
  }

  public void save(Path file) {
    int n = size();
    ByteBuffer b = ByteBuffer.allocate(36 + 8 * n + 4 * n * dim + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put("VMNA".getBytes()).putInt(1).putInt(metric.code()).putInt(dim).putInt(n).putInt(r).putInt(l)
        .putFloat(alpha).putInt(0);
    for (long id : ids) {
      b.putLong(id);
    }
    for (int i = 0; i < n; i++) {
      for (float x : vectors.get(i)) {
        b.putFloat(x);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    try {
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".idx", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        b.flip();
        ch.write(b);
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new VamanaException("cannot write " + file + ": " + e, e);
    }
  }

  public static VamanaIndex open(Path file) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read index: " + e, e);
    }
    if (all.length < 40 || !new String(all, 0, 4).equals("VMNA")) {
      throw new VamanaException(file + ": not a Vamana index (wrong magic)");
    }
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int version = b.getInt(4);
    if (version != 1) {
      throw new VamanaException(file + ": index format version " + version + ", expected 1");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 4);
    if ((int) crc.getValue() != b.getInt(all.length - 4)) {
      throw new VamanaException(file + ": checksum mismatch (corrupt index)");
    }
    b.position(8);
    Metric m = Metric.fromCode(b.getInt());
    int d = b.getInt();
    int n = b.getInt();
    VamanaIndex idx = new VamanaIndex(d, m, b.getInt(), b.getInt(), b.getFloat());
    b.getInt();
    idx.ids = new long[n];
    for (int i = 0; i < n; i++) {
      idx.ids[i] = b.getLong();
    }
    float[] v = new float[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        v[j] = b.getFloat();
      }
      idx.vectors.append(v);
    }
    return idx;
  }

  @Override
  public void close() {}
}
