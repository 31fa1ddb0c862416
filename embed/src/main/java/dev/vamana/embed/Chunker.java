package dev.vamana.embed;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into chunks of roughly {@code targetWords} words on sentence boundaries, each chunk starting
 * with the last sentences (about {@code overlapWords} words) of the previous one so that a passage cut by a
 * boundary is still found whole. A sentence longer than the target is cut into word windows.
 *
 * <p>Immutable and thread-safe; each call makes its own {@link BreakIterator}.
 */
public final class Chunker {
    private final int targetWords;
    private final int overlapWords;

    public Chunker(int targetWords, int overlapWords) {
        if (targetWords < 1 || overlapWords < 0 || overlapWords >= targetWords) {
            throw new IllegalArgumentException("chunk size: expected targetWords >= 1 and 0 <= overlapWords < targetWords");
        }
        this.targetWords = targetWords;
        this.overlapWords = overlapWords;
    }

    /** About 200 words per chunk with about 40 words of overlap. */
    public Chunker() {
        this(200, 40);
    }

    /** The chunks of a text, in order; an empty list when the text has no words. */
    public List<String> chunk(String text) {
        List<String> sentences = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        String normalized = text.replace('\u0000', ' ');
        it.setText(normalized);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = normalized.substring(start, end).replaceAll("\\s+", " ").strip();
            if (s.isEmpty()) continue;
            String[] words = s.split(" ");
            if (words.length > targetWords) { // cut an over-long "sentence" (tables, lists) into windows
                for (int i = 0; i < words.length; i += targetWords - overlapWords) {
                    int to = Math.min(words.length, i + targetWords - overlapWords);
                    sentences.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, to)));
                    counts.add(to - i);
                    if (to == words.length) break;
                }
            } else {
                sentences.add(s);
                counts.add(words.length);
            }
        }
        List<String> chunks = new ArrayList<>();
        int i = 0;
        while (i < sentences.size()) {
            int words = 0;
            int j = i;
            while (j < sentences.size() && (j == i || words + counts.get(j) <= targetWords)) {
                words += counts.get(j);
                j++;
            }
            chunks.add(String.join(" ", sentences.subList(i, j)));
            if (j >= sentences.size()) break;
            // step back over the last sentences for the overlap, but always advance by at least one sentence
            int back = j, ov = 0;
            while (back - 1 > i && ov + counts.get(back - 1) <= overlapWords) {
                back--;
                ov += counts.get(back);
            }
            i = back;
        }
        return chunks;
    }
}
