package dev.vamana.server.tools;

import dev.vamana.graph.*;
import dev.vamana.vector.Metric;
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
 * or {@code sq8i} (searches and inserts walk the codes).
 *
 * <pre>CollectionGraphSweep DATASET ROUNDS R/L[/alpha[/none|sq8|sq8i]] ...</pre>
 */
public final class CollectionGraphSweep {
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
      try (VamanaIndex idx = VamanaIndex.builder().dimension(dim).metric(Metric.COSINE).maxDegree(R).buildListSize(L).alpha(alpha).threads(2)
              .quantization(walk.equals("none") ? Quantization.NONE : Quantization.SQ8).build()) {
        idx.insertWalkOnCodes(walk.equals("sq8i"));
        long c0 = tm.getCurrentThreadCpuTime();
        for (int i = 0; i < base.length; i++) idx.add(i, base[i]);
        double build = (tm.getCurrentThreadCpuTime() - c0) / 1e9;
        StringBuilder sb = new StringBuilder(String.format("R=%d L=%d a=%.2f %s insert cpu %.2f s (%.0f us/add)", R, L, alpha, walk, build, build * 1e6 / base.length));
        for (int sl : new int[]{50, 100}) {
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
