package dev.vamana.cli;

import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.SearchHit;
import dev.vamana.collection.SearchQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code vamana query "text" --collection NAME [--data DATA_DIR] [--k 10]}: searches a collection from the terminal. */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Search a collection by meaning from the terminal.")
public final class QueryCommand extends DocSearchCommand {
    @Parameters(index = "0", paramLabel = "TEXT", description = "What to look for.")
    String text;

    @Option(names = "--collection", required = true, paramLabel = "NAME", description = "Collection to search.")
    String collection;

    @Option(names = "--k", paramLabel = "K", description = "Number of results (1-1000, default 10).")
    int k = 10;

    @Option(names = "--mode", paramLabel = "MODE", description = "vector (default) or hybrid (vector + BM25 keywords).")
    String mode = "vector";

    @Option(names = "--path-prefix", paramLabel = "PREFIX", description = "Only documents whose path starts with this.")
    String pathPrefix;

    @Option(names = "--type", paramLabel = "EXT", split = ",", description = "Only these file types, e.g. pdf,docx.")
    List<String> types;

    @Override
    int execute() {
        if (text.isBlank()) throw usage("the query TEXT is empty");
        if (k < 1 || k > SearchQuery.MAX_K) throw usage("--k must be between 1 and " + SearchQuery.MAX_K + ", got " + k);
        SearchQuery.Mode m;
        try {
            m = SearchQuery.Mode.parse(mode);
        } catch (dev.vamana.VamanaException e) {
            throw usage("--mode must be vector or hybrid, got '" + mode + "'");
        }
        SearchQuery q = new SearchQuery(text, null, k, m, pathPrefix, types);
        boolean tty = System.console() != null && System.console().isTerminal();
        try (CollectionManager manager = manager()) {
            var c = manager.get(collection); // opening (and any crash replay) is not part of the query time
            c.embedder().embed("warm-up");  // nor is loading the model, which happens on its first use
            long t0 = System.nanoTime();
            List<SearchHit> hits = c.search(q);
            double ms = (System.nanoTime() - t0) / 1e6;
            int rank = 1;
            for (SearchHit h : hits) {
                out().printf("%2d. %.4f  %s  [%s, chunk %d]%n", rank++, h.score(), h.title(), h.path(), h.position() + 1);
                out().println("    " + snippet(h.highlighted(), tty));
            }
            out().printf("%d result%s in %.1f ms (including the query's embedding)%n", hits.size(), hits.size() == 1 ? "" : "s", ms);
            var types = hits.isEmpty() && !q.fileTypes().isEmpty() ? c.store().fileTypeCounts().keySet() : null;
            if (types != null && java.util.Collections.disjoint(types, q.fileTypes())) {
                out().println("no documents of type " + String.join(", ", q.fileTypes()) + " in collection " + collection
                        + " (it has: " + String.join(", ", types) + ")");
            }
            out().flush();
        }
        return 0;
    }

    /** The highlighted HTML as terminal text: marks in bold on a terminal, in [brackets] otherwise; at most ~400 characters. */
    static String snippet(String html, boolean tty) {
        String s = html.replace("<mark>", tty ? "\u001b[1m" : "[").replace("</mark>", tty ? "\u001b[0m" : "]")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        s = s.replaceAll("\\s+", " ").strip();
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
