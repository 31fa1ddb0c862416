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
        // whitespace runs become one space; chunks are then exact substrings of this text, so nothing is
        // inserted between sentences that had no space between them (e.g. "./vamana" stays intact)
        String t = text.replace('\u0000', ' ').replaceAll("\\s+", " ").strip();
        List<int[]> spans = new ArrayList<>(); // {start, end, words}
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(t);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            addSentence(t, start, end, spans);
        }
        List<String> chunks = new ArrayList<>();
        int i = 0;
        while (i < spans.size()) {
            int words = 0;
            int j = i;
            while (j < spans.size() && (j == i || words + spans.get(j)[2] <= targetWords)) {
                words += spans.get(j)[2];
                j++;
            }
            chunks.add(t.substring(spans.get(i)[0], spans.get(j - 1)[1]).strip());
            if (j >= spans.size()) break;
            // step back over the last sentences for the overlap, but always advance by at least one sentence
            int back = j, ov = 0;
            while (back - 1 > i && ov + spans.get(back - 1)[2] <= overlapWords) {
                back--;
                ov += spans.get(back)[2];
            }
            i = back;
        }
        return chunks;
    }

    /** Adds the span of one sentence, cut into word windows when it is longer than the target. */
    private void addSentence(String t, int start, int end, List<int[]> spans) {
        List<int[]> words = new ArrayList<>(); // {start, end} of each word
        int w = -1;
        for (int k = start; k <= end; k++) {
            boolean space = k == end || t.charAt(k) == ' ';
            if (!space && w < 0) w = k;
            if (space && w >= 0) {
                words.add(new int[]{w, k});
                w = -1;
            }
        }
        if (words.isEmpty()) return;
        int window = targetWords - overlapWords;
        if (words.size() <= targetWords) {
            spans.add(new int[]{words.getFirst()[0], words.getLast()[1], words.size()});
            return;
        }
        for (int k = 0; k < words.size(); k += window) { // an over-long "sentence" (tables, lists)
            int to = Math.min(words.size(), k + window);
            spans.add(new int[]{words.get(k)[0], words.get(to - 1)[1], to - k});
            if (to == words.size()) break;
        }
    }
}
