package dev.vamana.server.tools;

import dev.vamana.collection.TermAnalysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What highlighting one hit costs (a benchmark tool, not a test): cuts a text file into pieces of 200 words (the
 * size of a document chunk), highlights every piece for a query's terms 200 times per round on one thread, and prints
 * the time per piece for each round and the median of the rounds after the first.
 *
 * <pre>HighlightCost FILE "QUERY" [ROUNDS]</pre>
 */
public final class HighlightCost {
    public static void main(String[] a) throws Exception {
        if (a.length < 2) throw new IllegalArgumentException("usage: HighlightCost FILE \"QUERY\" [ROUNDS]");
        String[] words = Files.readString(Path.of(a[0])).split("\\s+");
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i + 200 <= words.length; i += 200) pieces.add(String.join(" ", Arrays.copyOfRange(words, i, i + 200)));
        int rounds = a.length > 2 ? Integer.parseInt(a[2]) : 6;
        if (pieces.isEmpty() || rounds < 2) throw new IllegalArgumentException("expected a file of at least 200 words and ROUNDS >= 2");
        java.util.Set<String> terms = java.util.Set.copyOf(TermAnalysis.terms(a[1]));
        double[] us = new double[rounds];
        long marks = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 200; rep++) {
                for (String p : pieces) marks += TermAnalysis.highlight(p, terms).length();
            }
            us[r] = (System.nanoTime() - t0) / 1e3 / (200.0 * pieces.size());
            System.out.printf("round %d: %.1f us per 200-word piece%n", r + 1, us[r]);
        }
        double[] warm = Arrays.copyOfRange(us, 1, rounds);
        Arrays.sort(warm);
        double median = warm.length % 2 == 1 ? warm[warm.length / 2] : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
        System.out.printf("%d pieces, terms %s: median of rounds 2-%d %.1f us per piece (output chars %d)%n",
                pieces.size(), terms, rounds, median, marks);
    }
}
