package dev.vamana.server.tools;

import dev.vamana.embed.Embedder;
import dev.vamana.embed.Embedders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Raw embedding throughput (a benchmark tool, not a test): embeds the first N lines of a text file, one text per
 * model call on T threads, after a warm-up of 200 texts, and prints passages per second.
 *
 * Also prints the process CPU time per passage, which (unlike wall time) does not depend on what else the
 * machine runs. With {@code langchain4j} as 4th argument it measures langchain4j's own model object (default
 * ONNX Runtime session: a thread pool per call) instead of {@link Embedders}' default, for comparison.
 *
 * <pre>EmbedThroughput FILE N [THREADS] [langchain4j]</pre>
 */
public final class EmbedThroughput {
    /** langchain4j's model object as it comes (for comparison only). */
    static final class Langchain4jDefault implements Embedder {
        final dev.langchain4j.model.embedding.EmbeddingModel model =
                new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
        @Override public String name() { return "langchain4j-default"; }
        @Override public int dimension() { return 384; }
        @Override public dev.vamana.vector.Metric metric() { return dev.vamana.vector.Metric.COSINE; }
        @Override public float[] embed(String text) { return model.embed(text).content().vector(); }
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0])).stream().filter(s -> !s.isBlank()).map(String::strip)
                .limit(Integer.parseInt(args[1])).toList();
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Embedder e = args.length > 3 && args[3].equals("langchain4j") ? new Langchain4jDefault() : Embedders.create(Embedders.defaultName());
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            e.embedAll(lines.subList(0, Math.min(200, lines.size())), pool);
            long t0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            e.embedAll(lines, pool);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("model=%s passages=%d threads=%d seconds=%.1f passages_per_s=%.1f cpu_s=%.1f cpu_ms_per_passage=%.2f load=%.2f%n",
                    e.getClass().getSimpleName(), lines.size(), threads, s, lines.size() / s, cpu, 1000 * cpu / lines.size(),
                    os.getSystemLoadAverage());
        } finally {
            pool.shutdownNow();
        }
    }
}
