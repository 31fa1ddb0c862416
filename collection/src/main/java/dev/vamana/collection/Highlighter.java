package dev.vamana.collection;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps the words of a text that match query terms in {@code <mark>...</mark>} and HTML-escapes the rest, so
 * the result can be put into a page as is. Stateless and thread-safe.
 */
public final class Highlighter {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private Highlighter() {}

    public static String highlight(String text, Collection<String> terms) {
        Set<String> set = Set.copyOf(terms);
        StringBuilder out = new StringBuilder(text.length() + 32);
        Matcher m = WORD.matcher(text);
        int last = 0;
        while (m.find()) {
            String w = m.group();
            if (set.contains(w.toLowerCase(Locale.ROOT))) {
                escape(text, last, m.start(), out);
                out.append("<mark>");
                escape(text, m.start(), m.end(), out);
                out.append("</mark>");
                last = m.end();
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
