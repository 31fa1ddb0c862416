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
 * <pre>EmbedThroughput FILE N [THREADS]</pre>
 */
public final class EmbedThroughput {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0])).stream().filter(s -> !s.isBlank()).map(String::strip)
                .limit(Integer.parseInt(args[1])).toList();
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Embedder e = Embedders.create(Embedders.defaultName());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            e.embedAll(lines.subList(0, Math.min(200, lines.size())), pool);
            long t0 = System.nanoTime();
            e.embedAll(lines, pool);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("passages=%d threads=%d seconds=%.1f passages_per_s=%.1f%n", lines.size(), threads, s, lines.size() / s);
        } finally {
            pool.shutdownNow();
        }
    }
}
