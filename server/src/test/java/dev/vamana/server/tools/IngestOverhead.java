package dev.vamana.server.tools;

import dev.vamana.VamanaException;
import dev.vamana.collection.Collection;
import dev.vamana.collection.IngestListener;
import dev.vamana.collection.IngestReport;
import dev.vamana.collection.Ingestor;
import dev.vamana.collection.VamanaVectorIndex;
import dev.vamana.embed.Embedder;
import dev.vamana.vector.Metric;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The cost of an ingest without the model (a benchmark tool, not a test): ingests a line file with an embedder that
 * returns the precomputed vector of each line from the matching .fvecs file (rows parallel to lines), then prints
 * wall and process CPU time, and CPU time per thread name from /proc (JIT compiler, GC, main, pool). The vector file
 * must have one row per line of the text file.
 *
 * <pre>IngestOverhead LINES.txt VECTORS.fvecs DATA_DIR</pre>
 */
public final class IngestOverhead {
    public static void main(String[] args) throws Exception {
        Path txt = Path.of(args[0]), data = Path.of(args[2]);
        List<String> lines = Files.readAllLines(txt);
        float[][] rows = DatasetFiles.floats(Path.of(args[1]));
        if (rows.length != lines.size()) {
            throw new VamanaException(args[1] + " has " + rows.length + " rows for " + lines.size() + " lines of " + txt);
        }
        int dim = rows.length == 0 ? 1 : rows[0].length;
        Map<String, float[]> byText = new HashMap<>();
        for (int i = 0; i < rows.length; i++) byText.putIfAbsent(lines.get(i).strip(), rows[i]);
        Embedder precomputed = new Embedder() {
            @Override public String name() { return "precomputed"; }
            @Override public int dimension() { return dim; }
            @Override public Metric metric() { return Metric.COSINE; }
            @Override public float[] embed(String text) {
                float[] v = byText.get(text);
                if (v == null) throw new VamanaException("no precomputed vector for: " + text);
                return v.clone();
            }
        };
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        try (Collection c = Collection.open("x", data, precomputed, VamanaVectorIndex.factory())) {
            IngestReport r = new Ingestor(c, pool).ingestLines(txt, IngestListener.NONE);
            System.out.printf("ingest: %d chunks wall %.1f s cpu %.1f s%n", r.chunks(), (System.nanoTime() - t0) / 1e9,
                    (os.getProcessCpuTime() - c0) / 1e9);
        }
        System.out.printf("with close: wall %.1f s cpu %.1f s%n", (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
        pool.shutdown();
        threadCpu().forEach((name, ticks) -> {
            if (ticks > 10) System.out.printf("  %-24s %.2f s%n", name, ticks / 100.0);
        });
    }

    /** CPU clock ticks (1/100 s) of the live threads of this process by name, digits folded to N (Linux /proc). */
    static Map<String, Long> threadCpu() throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "N");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException exited) {
                    // the thread ended between listing and reading
                }
            }
        }
        return byName;
    }
}
