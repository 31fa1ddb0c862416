package dev.vamana.disk;

import dev.vamana.graph.NeighborPruner;
import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import dev.vamana.vector.Vectors;

/**
 * A small graph held in arrays for tests, built the slow exact way: every node's 4R nearest
 * neighbours (brute force) and R random nodes pruned by RobustPrune to R - 4,
 * then reverse edges added and re-pruned, then 4 random long edges.
 */
class ArrayGraphSource implements GraphSource {
  private static final int LONG_EDGES = 4;

  final Metric metric;
  final VectorStore vectors; // prepared
  final int[][] adj;
  final int r;
  final int medoid;

  ArrayGraphSource(Metric metric, VectorStore prepared, int[][] adj, int r, int medoid) {
    this.metric = metric;
    this.vectors = prepared;
    this.adj = adj;
    this.r = r;
    this.medoid = medoid;
  }

  static VectorStore prepare(Metric metric, VectorStore raw) {
    VectorStore p = new VectorStore(raw.dimension(), raw.size());
    for (int i = 0; i < raw.size(); i++) {
      p.append(Vectors.prepare(metric, raw.get(i), "v"));
    }
    return p;
  }

  static ArrayGraphSource build(Metric metric, VectorStore raw, int r, float alpha) {
    VectorStore data = prepare(metric, raw);
    int n = data.size(), dim = data.dimension();
    float[][] v = new float[n][];
    for (int i = 0; i < n; i++) {
      v[i] = data.get(i);
    }
    NeighborPruner prune = new NeighborPruner(metric, dim, alpha, r, n);
    int pool = Math.min(n - 1, 4 * r);
    int[][] adj = new int[n][];
    float[] d = new float[n];
    Integer[] idx = new Integer[n];
    for (int p = 0; p < n; p++) {
      for (int j = 0; j < n; j++) {
        d[j] = j == p ? Float.MAX_VALUE : metric.distance(Kernels.get(), v[p], v[j]);
        idx[j] = j;
      }
      java.util.Arrays.sort(idx, (a, b) -> Float.compare(d[a], d[b]));
      // the nearest 4R plus R random nodes, so that clusters stay linked by long edges
      java.util.LinkedHashSet<Integer> set = new java.util.LinkedHashSet<>();
      for (int j = 0; j < pool; j++) {
        set.add(idx[j]);
      }
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(p);
      for (int j = 0; j < r; j++) {
        int x = rnd.nextInt(n);
        if (x != p) {
          set.add(x);
        }
      }
      int[] cand = set.stream().mapToInt(Integer::intValue).toArray();
      adj[p] = pruneTo(prune, v, p, cand, cand.length, dim, r - LONG_EDGES);
    }
    // reverse edges
    java.util.List<java.util.Set<Integer>> rev = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      rev.add(new java.util.LinkedHashSet<>());
    }
    for (int p = 0; p < n; p++) {
      for (int q : adj[p]) {
        rev.get(q).add(p);
      }
    }
    for (int q = 0; q < n; q++) {
      java.util.LinkedHashSet<Integer> all = new java.util.LinkedHashSet<>();
      for (int x : adj[q]) {
        all.add(x);
      }
      all.addAll(rev.get(q));
      all.remove(q);
      int keep = r - LONG_EDGES;
      if (all.size() > keep) {
        int[] cand = all.stream().mapToInt(Integer::intValue).toArray();
        adj[q] = pruneTo(prune, v, q, cand, cand.length, dim, keep);
      } else {
        adj[q] = all.stream().mapToInt(Integer::intValue).toArray();
      }
      // a few random long edges keep isotropic high-dimensional clusters linked
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(~q);
      java.util.LinkedHashSet<Integer> withLong = new java.util.LinkedHashSet<>();
      for (int x : adj[q]) {
        withLong.add(x);
      }
      while (withLong.size() < Math.min(r, n - 1)) {
        int x = rnd.nextInt(n);
        if (x != q) {
          withLong.add(x);
        }
      }
      adj[q] = withLong.stream().mapToInt(Integer::intValue).toArray();
    }
    float[] mean = new float[dim];
    for (float[] x : v) {
      for (int j = 0; j < dim; j++) {
        mean[j] += x[j] / n;
      }
    }
    int medoid = 0;
    float best = Float.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      float dd = Metric.L2.distance(Kernels.get(), mean, v[i]);
      if (dd < best) {
        best = dd;
        medoid = i;
      }
    }
    return new ArrayGraphSource(metric, data, adj, r, medoid);
  }

  private static int[] pruneTo(NeighborPruner prune, float[][] v, int p, int[] cand, int count, int dim, int r) {
    for (int j = 0; j < count; j++) {
      prune.set(j, cand[j], v[cand[j]]);
    }
    int[] out = new int[r];
    int k = prune.prune(v[p], count, out);
    return java.util.Arrays.copyOf(out, k);
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int dimension() {
    return vectors.dimension();
  }

  @Override
  public int maxDegree() {
    return r;
  }

  @Override
  public int nodeCount() {
    return adj.length;
  }

  @Override
  public int entryPoint() {
    return medoid;
  }

  @Override
  public void vector(int ord, float[] dst) {
    vectors.get(ord, dst);
  }

  @Override
  public int neighbors(int ord, int[] dst) {
    System.arraycopy(adj[ord], 0, dst, 0, adj[ord].length);
    return adj[ord].length;
  }

  @Override
  public long externalId(int ord) {
    return 1000L + 3L * ord;
  }
}
