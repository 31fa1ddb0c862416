package dev.vamana.collection;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How text becomes keyword terms, in one place for the BM25 index, the terms of a query and the highlighter, so a
 * highlighted word is exactly a word that BM25 matched: Lucene's {@link EnglishAnalyzer} (standard tokenizer,
 * English possessives, lower case, stop words, Porter stemming), so "pricing" finds and highlights "price" and
 * "decided" matches "decide". The stop words are the Snowball English list (pronouns, auxiliaries, common
 * prepositions: 174 words) plus Lucene's classic list and a few question words; they neither rank nor highlight.
 *
 * <p>{@link #VERSION} names this analysis. A keyword index records it with each commit, and one written with
 * another analysis is rebuilt from the database when the collection opens (its terms would not match the
 * queries' terms).
 *
 * <p>Thread-safe: Lucene analyzers reuse per-thread token streams.
 */
public final class TermAnalysis {
    /** The name of this analysis, stored with every keyword index commit; change it whenever the terms change. */
    public static final String VERSION = "english-porter-snowball-stop-1";

    private static final Analyzer ANALYZER = new EnglishAnalyzer(stopWords());

    private TermAnalysis() {}

    /** The analyzer the keyword index indexes with and searches with. */
    static Analyzer analyzer() {
        return ANALYZER;
    }

    /** The Snowball English stop words, Lucene's classic English ones and a few question words. */
    static CharArraySet stopWords() {
        CharArraySet set = new CharArraySet(256, true);
        set.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        set.addAll(List.of("from", "what", "which", "how", "does", "do", "who", "when", "where", "why", "can"));
        var stream = SnowballFilter.class.getResourceAsStream("english_stop.txt");
        if (stream == null) throw new IllegalStateException("Lucene's snowball/english_stop.txt is missing from the classpath");
        try (var in = IOUtils.getDecodingReader(stream, StandardCharsets.UTF_8)) {
            set.addAll(WordlistLoader.getSnowballWordSet(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lucene's snowball/english_stop.txt", e);
        }
        return CharArraySet.unmodifiableSet(set);
    }

    /** The distinct terms of a query (stemmed, lower-cased, stop words removed), in order. */
    public static List<String> terms(String text) {
        Set<String> out = new LinkedHashSet<>();
        try (TokenStream ts = ANALYZER.tokenStream(KeywordIndex.TEXT, new StringReader(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(out);
    }

    /**
     * Wraps each word of {@code text} whose term is one of {@code terms} (as {@link #terms} gives them) in
     * {@code <mark>...</mark>} and HTML-escapes the rest, so the result can be put into a page as is.
     */
    public static String highlight(String text, Set<String> terms) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        int last = 0;
        if (!terms.isEmpty()) {
            try (TokenStream ts = ANALYZER.tokenStream(KeywordIndex.TEXT, new StringReader(text))) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    int from = offset.startOffset(), to = offset.endOffset();
                    if (from < last || to > text.length() || !terms.contains(term.toString())) continue;
                    escape(text, last, from, out);
                    out.append("<mark>");
                    escape(text, from, to, out);
                    out.append("</mark>");
                    last = to;
                }
                ts.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        escape(text, last, text.length(), out);
        return out.toString();
    }

    /** Appends text[from, to) HTML-escaped. */
    static void escape(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
