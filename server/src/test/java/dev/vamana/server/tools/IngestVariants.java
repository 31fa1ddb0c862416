package dev.vamana.server.tools;

import dev.vamana.collection.*;
import dev.vamana.embed.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.LongPredicate;
import java.lang.management.*;

/**
 * One JVM, one mode (a benchmark tool, not a test): {@code raw} embeds every line of the file; {@code real} ingests
 * it as {@code ingest --lines} does; {@code noindex} ingests it with a vector index that keeps nothing, which shows
 * what the graph costs inside an ingest. All three embed the same 200 lines first as a warm-up, and print passages
 * per second, process CPU per passage and the CPU of the two embedding threads (the model and tokenizer; in an
 * ingest, anything else runs on other threads), so a slower model inside an ingest shows apart from the ingest's
 * own work. Alternate the modes in one sitting and compare ratios.
 *
 * <pre>IngestVariants LINES.txt raw|real|noindex</pre>
 */
public final class IngestVariants {
  public static void main(String[] a) throws Exception {
    Path txt = Path.of(a[0]);
    String mode = a[1];
    if (!List.of("raw", "real", "noindex").contains(mode)) {
      throw new IllegalArgumentException("mode must be raw, real or noindex, got " + mode);
    }
    Embedder e = Embedders.create(Embedders.defaultName());
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<Thread> embedders = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "embed-" + embedders.size());
      embedders.add(t);
      return t;
    });
    var threads = ManagementFactory.getThreadMXBean();
    List<String> lines = Files.readAllLines(txt).stream().filter(s -> !s.isBlank()).map(String::strip).toList();
    e.embedAll(lines.subList(0, Math.min(200, lines.size())), pool); // same warm-up as EmbedThroughput
    VectorIndex.Factory f = mode.equals("noindex") ? new VectorIndex.Factory() {
      public VectorIndex create(int d) { return new VectorIndex() {
        Set<Long> ids = new HashSet<>();
        public void add(long id, float[] v) { ids.add(id); }
        public boolean delete(long id) { return ids.remove(id); }
        public boolean contains(long id) { return ids.contains(id); }
        public float[] vector(long id) { return null; }
        public int size() { return ids.size(); }
        public Hits search(float[] q, int k, LongPredicate p) { return new Hits(new long[0], new float[0]); }
        public void save(Path p) { try { Files.writeString(p, ""); } catch (Exception x) { throw new RuntimeException(x); } }
        public void close() {}
      }; }
      public VectorIndex open(Path p) { return create(384); }
    } : VamanaVectorIndex.factory();
    Path data = Files.createTempDirectory("exp");
    long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
    long m0 = embedders.stream().mapToLong(t -> threads.getThreadCpuTime(t.threadId())).sum();
    if (mode.equals("raw")) {
      e.embedAll(lines, pool);
    } else {
      try (dev.vamana.collection.Collection c = dev.vamana.collection.Collection.open("x", data, e, f)) {
        new Ingestor(c, pool).ingestLines(txt, new IngestListener() {});
      }
    }
    double s = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
    double model = (embedders.stream().mapToLong(t -> threads.getThreadCpuTime(t.threadId())).sum() - m0) / 1e9;
    try (var files = Files.walk(data)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    System.out.printf("%-8s %d passages %.1f s %.1f/s cpu %.1f s (%.2f ms/passage), embedding threads %.1f s (%.2f ms/passage), rest %.1f s, load %.2f%n",
        mode, lines.size(), s, lines.size() / s, cpu, 1000 * cpu / lines.size(), model, 1000 * model / lines.size(), cpu - model,
        os.getSystemLoadAverage());
    pool.shutdown();
    System.exit(0);
  }
}
