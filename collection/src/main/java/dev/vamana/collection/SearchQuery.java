package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.embed.TextExtractor;

import java.util.List;

/**
 * One search: a text or a vector, the number of results, the mode and optional filters (path prefix, file
 * types). Validated on construction, file types normalised as stored ({@code PDF}, {@code .pdf} are {@code pdf};
 * {@code htm}, {@code markdown}, {@code text} are {@code html}, {@code md}, {@code txt}; blank ones dropped);
 * immutable.
 */
public record SearchQuery(String text, float[] vector, int k, Mode mode, String pathPrefix, List<String> fileTypes) {
    /** Largest k a search may ask for. */
    public static final int MAX_K = 1000;
    /** Longest query text accepted, in characters. */
    public static final int MAX_TEXT = 2000;

    /** VECTOR ranks by embedding similarity only; HYBRID fuses it with BM25 by reciprocal rank fusion. */
    public enum Mode {
        VECTOR, HYBRID;

        public static Mode parse(String s) {
            if (s == null) return VECTOR;
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "vector" -> VECTOR;
                case "hybrid" -> HYBRID;
                default -> throw new VamanaException("mode: expected \"vector\" or \"hybrid\", got \"" + s + "\"");
            };
        }
    }

    public SearchQuery {
        if ((text == null || text.isBlank()) == (vector == null)) {
            throw new VamanaException("query: expected exactly one of a non-empty \"query\" text or a \"vector\"");
        }
        if (text != null && text.length() > MAX_TEXT) {
            throw new VamanaException("query: expected at most " + MAX_TEXT + " characters, got " + text.length());
        }
        if (k < 1 || k > MAX_K) throw new VamanaException("k: expected 1.." + MAX_K + ", got " + k);
        if (mode == null) mode = Mode.VECTOR;
        if (mode == Mode.HYBRID && text == null) throw new VamanaException("mode: hybrid needs a \"query\" text, not a vector");
        if (pathPrefix != null && pathPrefix.isEmpty()) pathPrefix = null;
        fileTypes = fileTypes == null ? List.of()
                : fileTypes.stream().filter(t -> t != null && !t.isBlank()).map(TextExtractor::fileType).distinct().toList();
    }

    /** A plain vector-mode text query. */
    public static SearchQuery text(String text, int k) {
        return new SearchQuery(text, null, k, Mode.VECTOR, null, List.of());
    }

    boolean filtered() {
        return pathPrefix != null || !fileTypes.isEmpty();
    }
}
