package dev.vamana.disk;

import dev.vamana.graph.NeighborPruner;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.vector.Metric;

/**
 * A built {@link VamanaIndex} seen as a {@link GraphSource}: deleted and free slots are compacted
 * away by renumbering the live nodes densely (or, for the SSD build, by taking each node's external
 * id as its ordinal), neighbour lists are renumbered the same way, and a list longer than R (the
 * in-memory graph allows some slack) is cut back to R by RobustPrune.
 *
 * <p>Not thread-safe (scratch arrays); the index must not change while the source is in use.
 * Closing closes the index only when this source owns it.
 */
public final class IndexGraphSource implements GraphSource, AutoCloseable {
  private final VamanaIndex index;
  private final boolean ownsIndex;
  private final int[] toIndexOrd;
  private final int[] toDense;
  private final boolean byExternalId;
  private final int r;
  private final int[] tmp;
  private final int[] cand;
  private final float[] pv;
  private final float[] row;
  private final float[] pv2;
  private final NeighborPruner prune;

  private IndexGraphSource(VamanaIndex index, boolean ownsIndex, boolean byExternalId) {
    this.index = index;
    this.ownsIndex = ownsIndex;
    this.byExternalId = byExternalId;
    this.r = index.maxDegree();
    int slots = index.nodeCount();
    this.toDense = new int[slots];
    java.util.Arrays.fill(toDense, -1);
    int live = 0;
    for (int o = 0; o < slots; o++) {
      if (index.isLive(o)) {
        live++;
      }
    }
    this.toIndexOrd = new int[live];
    int d = 0;
    for (int o = 0; o < slots; o++) {
      if (index.isLive(o)) {
        int dense = byExternalId ? (int) index.externalId(o) : d;
        if (byExternalId && (index.externalId(o) < 0 || index.externalId(o) >= live)) {
          throw new IllegalStateException("external id " + index.externalId(o) + " is not a row below " + live);
        }
        toDense[o] = dense;
        toIndexOrd[dense] = o;
        d++;
      }
    }
    int cap = Math.max(index.neighborCapacity(), r) + 1;
    this.tmp = new int[cap];
    this.row = new float[index.storedDimension()];
    this.cand = new int[cap];
    this.pv = new float[index.dimension()];
    this.pv2 = new float[index.dimension()];
    this.prune = new NeighborPruner(index.metric(), index.dimension(), index.alpha(), r, cap);
  }

  /** The live nodes of {@code index} numbered densely in slot order; external ids kept. */
  public static IndexGraphSource compacted(VamanaIndex index) {
    return new IndexGraphSource(index, false, false);
  }

  /** For an index built with ids 0..n-1: ordinal = external id = row. Takes ownership of the index. */
  static IndexGraphSource byRow(VamanaIndex index) {
    return new IndexGraphSource(index, true, true);
  }

  /** The index ordinal of dense ordinal {@code ord}. */
  int indexOrdinal(int ord) {
    return toIndexOrd[ord];
  }

  @Override
  public Metric metric() {
    return index.metric();
  }

  @Override
  public int dimension() {
    return index.dimension();
  }

  @Override
  public int maxDegree() {
    return r;
  }

  @Override
  public int nodeCount() {
    return toIndexOrd.length;
  }

  @Override
  public int entryPoint() {
    int e = index.entryPoint();
    return e >= 0 && e < toDense.length && toDense[e] >= 0 ? toDense[e] : 0;
  }

  @Override
  public void vector(int ord, float[] dst) {
    // inner-product rows carry one extra MIPS-to-L2 coordinate after the vector: drop it
    index.vectors().get(toIndexOrd[ord], row);
    System.arraycopy(row, 0, dst, 0, index.dimension());
  }

  @Override
  public int neighbors(int ord, int[] dst) {
    int deg = index.neighbors(toIndexOrd[ord], tmp);
    int k = 0;
    for (int i = 0; i < deg; i++) {
      int dn = toDense[tmp[i]];
      if (dn >= 0 && dn != ord) {
        cand[k++] = dn;
      }
    }
    if (k <= r) {
      System.arraycopy(cand, 0, dst, 0, k);
      return k;
    }
    vector(ord, pv);
    for (int i = 0; i < k; i++) {
      vector(cand[i], pv2);
      prune.set(i, cand[i], pv2);
    }
    return prune.prune(pv, k, dst);
  }

  @Override
  public long externalId(int ord) {
    return byExternalId ? ord : index.externalId(toIndexOrd[ord]);
  }

  @Override
  public void close() {
    if (ownsIndex) {
      index.close();
    }
  }
}
