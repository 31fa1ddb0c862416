package dev.vamana.server.tools;

import dev.vamana.graph.Quantization;
import dev.vamana.graph.SearchResult;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.vector.Metric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Whether SQ8 ranges learned from a narrow start hurt a collection graph that grows past it (a benchmark tool, not a
 * test). A collection learns its SQ8 ranges once, from its first 1,024 vectors, and keeps them until it is reopened.
 * This adds the 1,024 base vectors nearest to base row CENTER first (one topic), then every other row in a seeded
 * random order, one at a time with the collection's graph settings (cosine, R=32, build list 32, SQ8 walks in
 * inserts and searches), and prints recall@10 at search lists 50 and 100. Then it saves and reopens the same graph,
 * which learns the ranges from all rows, and prints the recalls again.
 *
 * <pre>Sq8NarrowStart DATASET CENTER...</pre>
 * DATASET is the common prefix of {@code _base.fvecs}, {@code _query.fvecs} and {@code _groundtruth.ivecs}.
 */
public final class Sq8NarrowStart {
    static final int FIRST = 1024;

    public static void main(String[] a) throws Exception {
        if (a.length < 2) throw new IllegalArgumentException("usage: Sq8NarrowStart DATASET CENTER...");
        float[][] base = DatasetFiles.floats(Path.of(a[0] + "_base.fvecs")), q = DatasetFiles.floats(Path.of(a[0] + "_query.fvecs"));
        int[][] gt = DatasetFiles.ints(Path.of(a[0] + "_groundtruth.ivecs"));
        int n = base.length, dim = base[0].length;
        if (n <= FIRST || gt.length < q.length) throw new IllegalArgumentException("expected more than " + FIRST + " base rows and ground truth for every query");
        for (int c = 1; c < a.length; c++) {
            int row = Integer.parseInt(a[c]);
            if (row < 0 || row >= n) throw new IllegalArgumentException("CENTER must be a base row in 0.." + (n - 1) + ", got " + row);
            float[] center = base[row];
            double[] sim = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < dim; j++) s += center[j] * base[i][j];
                sim[i] = s;
            }
            Integer[] bySim = new Integer[n];
            for (int i = 0; i < n; i++) bySim[i] = i;
            Arrays.sort(bySim, (x, y) -> Double.compare(sim[y], sim[x]));
            List<Integer> order = new ArrayList<>(Arrays.asList(bySim).subList(0, FIRST));
            List<Integer> rest = new ArrayList<>(Arrays.asList(bySim).subList(FIRST, n));
            Collections.shuffle(rest, new Random(1));
            order.addAll(rest);
            try (VamanaIndex idx = VamanaIndex.builder().dimension(dim).metric(Metric.COSINE).maxDegree(32).buildListSize(32)
                    .alpha(1.2f).threads(1).quantization(Quantization.SQ8).build()) {
                idx.insertWalkOnCodes(true);
                for (int i : order) idx.add(i, base[i]);
                Path f = Files.createTempFile("sq8-narrow", ".vmi");
                try {
                    idx.save(f);
                    try (VamanaIndex reopened = VamanaIndex.open(f)) {
                        reopened.insertWalkOnCodes(true);
                        System.out.printf("center %s: ranges from the first %d adds: recall@10 list 50 %.4f, list 100 %.4f"
                                        + " | reopened (ranges from all %d rows): list 50 %.4f, list 100 %.4f%n",
                                a[c], FIRST, recall(idx, q, gt, 50), recall(idx, q, gt, 100), n,
                                recall(reopened, q, gt, 50), recall(reopened, q, gt, 100));
                    }
                } finally {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    static double recall(VamanaIndex idx, float[][] q, int[][] gt, int list) {
        int hit = 0;
        for (int i = 0; i < q.length; i++) {
            Set<Integer> g = new HashSet<>();
            for (int j = 0; j < 10; j++) g.add(gt[i][j]);
            SearchResult r = idx.search(q[i], 10, list);
            for (long id : r.ids()) if (g.contains((int) id)) hit++;
        }
        return hit / (10.0 * q.length);
    }
}
