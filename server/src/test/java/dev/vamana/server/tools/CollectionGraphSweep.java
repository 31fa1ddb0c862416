package dev.vamana.server.tools;

import dev.vamana.graph.*;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import java.nio.*;
import java.nio.file.*;
import java.lang.management.*;
import java.util.*;

/**
 * Insert cost against recall for the collection's graph parameters (a benchmark tool, not a test): for each
 * {@code R/L[/alpha]}, adds every base vector one at a time on one thread (cosine, as a collection does), prints the
 * thread CPU time of the adds, then recall@10 and CPU per query at search lists 50 and 100 against the exact
 * ground truth. DATASET is the common prefix of {@code _base.fvecs}, {@code _query.fvecs}, {@code _groundtruth.ivecs}.
 * The optional 4th field is the walk: {@code none} (float32, the default), {@code sq8} (searches walk the SQ8 codes)
 * or {@code sq8i} (searches and inserts walk the codes). The optional 5th is how vectors are added: {@code one} (one
 * {@code add} at a time, the default, as the HTTP API adds) or {@code bulk} ({@code addAll} of 20,000 rows at a time
 * on one thread, each followed by a save to a temporary file, as an ingest's checkpoints link and save them; the
 * insert CPU then includes the saves, whose own CPU is also printed).
 *
 * <pre>CollectionGraphSweep DATASET ROUNDS R/L[/alpha[/none|sq8|sq8i[/one|bulk]]] ...</pre>
 * Search lists: {@code -Dlists=50,100} (the default).
 */
public final class CollectionGraphSweep {
  /** Rows per bulk add, as many as an ingest links at one checkpoint. */
  static final int BULK_BATCH = 20_000;

  public static void main(String[] a) throws Exception {
    String D = a[0];
    float[][] base = DatasetFiles.floats(Path.of(D + "_base.fvecs")), q = DatasetFiles.floats(Path.of(D + "_query.fvecs"));
    int[][] gt = DatasetFiles.ints(Path.of(D + "_groundtruth.ivecs"));
    if (base.length == 0 || gt.length < q.length || (gt.length > 0 && gt[0].length < 10)) {
      throw new IllegalArgumentException(D + ": expected base vectors and at least 10 ground-truth ids per query");
    }
    int dim = base[0].length;
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    for (int rep = 0; rep < Integer.parseInt(a[1]); rep++)
    for (int c = 2; c < a.length; c++) {
      String[] rl = a[c].split("/");
      int R = Integer.parseInt(rl[0]), L = Integer.parseInt(rl[1]);
      float alpha = rl.length > 2 ? Float.parseFloat(rl[2]) : 1.2f;
      String walk = rl.length > 3 ? rl[3] : "none";
      if (!List.of("none", "sq8", "sq8i").contains(walk)) throw new IllegalArgumentException("walk must be none, sq8 or sq8i: " + walk);
      String adds = rl.length > 4 ? rl[4] : "one";
      if (!List.of("one", "bulk").contains(adds)) throw new IllegalArgumentException("adds must be one or bulk: " + adds);
      boolean bulk = adds.equals("bulk");
      try (VamanaIndex idx = VamanaIndex.builder().dimension(dim).metric(Metric.COSINE).maxDegree(R).buildListSize(L).alpha(alpha).threads(bulk ? 1 : 2)
              .quantization(walk.equals("none") ? Quantization.NONE : Quantization.SQ8).build()) {
        idx.insertWalkOnCodes(walk.equals("sq8i"));
        long c0 = tm.getCurrentThreadCpuTime(), saves = 0;
        if (bulk) { // as an ingest's checkpoints link the buffer: addAll of 20,000 rows at a time, on this thread
          Path snapshot = Files.createTempFile("sweep", ".vmi");
          for (int from = 0; from < base.length; from += BULK_BATCH) {
            int to = Math.min(base.length, from + BULK_BATCH);
            VectorStore rows = new VectorStore(dim, to - from);
            long[] ids = new long[to - from];
            for (int i = from; i < to; i++) { rows.append(base[i]); ids[i - from] = i; }
            idx.addAll(rows, ids, null);
            long s0 = tm.getCurrentThreadCpuTime();
            idx.save(snapshot); // as each checkpoint saves
            saves += tm.getCurrentThreadCpuTime() - s0;
          }
          Files.delete(snapshot);
        } else {
          for (int i = 0; i < base.length; i++) idx.add(i, base[i]);
        }
        double build = (tm.getCurrentThreadCpuTime() - c0) / 1e9;
        StringBuilder sb = new StringBuilder(String.format("R=%d L=%d a=%.2f %s %s insert cpu %.2f s (%.0f us/add; saves %.2f s)", R, L, alpha, walk, adds, build, build * 1e6 / base.length, saves / 1e9));
        for (int sl : java.util.Arrays.stream(System.getProperty("lists", "50,100").split(",")).mapToInt(Integer::parseInt).toArray()) {
          int hit = 0; long t0 = tm.getCurrentThreadCpuTime();
          for (int r = 0; r < 2; r++) for (int i = 0; i < q.length; i++) { // pass 0 warms up, pass 1 counts
            SearchResult res = idx.search(q[i], 10, sl);
            if (r == 1) { Set<Integer> g = new HashSet<>(); for (int j = 0; j < 10; j++) g.add(gt[i][j]);
              for (long id : res.ids()) if (g.contains((int) id)) hit++; }
          }
          double us = (tm.getCurrentThreadCpuTime() - t0) / 1e3 / (2 * q.length);
          sb.append(String.format(" | L%d recall %.4f %.0f us", sl, hit / (10.0 * q.length), us));
        }
        System.out.println(sb);
      }
    }
  }
}
