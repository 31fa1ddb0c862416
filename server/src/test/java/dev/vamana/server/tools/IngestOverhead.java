package dev.vamana.server.tools;

import dev.vamana.collection.*;
import dev.vamana.embed.Embedder;
import dev.vamana.vector.Metric;
import java.io.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.lang.management.*;

/**
 * The cost of an ingest without the model (a benchmark tool, not a test): ingests a line file with an embedder that
 * returns the precomputed vector of each line from the matching .fvecs file (rows parallel to lines), then prints
 * wall and process CPU time, and CPU time per thread name from /proc (JIT compiler, GC, main, pool).
 *
 * <pre>IngestOverhead LINES.txt VECTORS.fvecs DATA_DIR</pre>
 */
public final class IngestOverhead {
  public static void main(String[] a) throws Exception {
    Path txt = Path.of(a[0]), fv = Path.of(a[1]), data = Path.of(a[2]);
    List<String> lines = Files.readAllLines(txt);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(fv)).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, float[]> m = new HashMap<>();
    long pc0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    for (String l : lines) { int d = b.getInt(); float[] v = new float[d]; for (int i=0;i<d;i++) v[i]=b.getFloat(); m.putIfAbsent(l.strip(), v); }
    Embedder e = new Embedder() {
      public String name() { return "precomputed"; }
      public int dimension() { return 384; }
      public Metric metric() { return Metric.COSINE; }
      public float[] embed(String t) { float[] v = m.get(t); if (v == null) throw new IllegalStateException(t); return v.clone(); }
    };
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf("load vectors: cpu %.1f s%n", (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()-pc0)/1e9);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
    try (dev.vamana.collection.Collection c = dev.vamana.collection.Collection.open("x", data, e, VamanaVectorIndex.factory())) {
      IngestReport r = new Ingestor(c, pool).ingestLines(txt, new IngestListener() {});
      long c1 = os.getProcessCpuTime(), t1 = System.nanoTime();
      System.out.printf("ingest: %d chunks wall %.1f s cpu %.1f s%n", r.chunks(), (t1-t0)/1e9, (c1-c0)/1e9);
    }
    long c2 = os.getProcessCpuTime(), t2 = System.nanoTime();
    System.out.printf("with close: wall %.1f s cpu %.1f s%n", (t2-t0)/1e9, (c2-c0)/1e9);
    pool.shutdown();
    Map<String, Long> byName = new TreeMap<>();
    try (var ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : ds) {
        try {
        String comm = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "N");
        String st = Files.readString(t.resolve("stat"));
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        byName.merge(comm, ticks, Long::sum);
        } catch (IOException gone) {}
      }
    }
    byName.forEach((k, v) -> { if (v > 10) System.out.printf("  %-24s %.2f s%n", k, v / 100.0); });
  }
}
