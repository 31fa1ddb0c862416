package dev.vamana.server.tools;

import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.SearchQuery;
import dev.vamana.collection.VamanaVectorIndex;
import dev.vamana.embed.Embedder;
import dev.vamana.embed.Embedders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the time of one document search goes, in process and on one thread (a benchmark tool, not a test): for each
 * query text of a file, times the embedding of the text (the model and tokenizer, no cache), then the search of the
 * collection with that vector (graph search, chunk rows from the database, hit assembly), and prints the median and
 * 99th percentile of both per round. Rounds after the first are warm. DATA_DIR and NAME are those of
 * {@code vamana ingest --data DATA_DIR --collection NAME}; a collection that does not exist is an error (never
 * created), and an existing one is only searched.
 *
 * <pre>SearchStageTiming DATA_DIR NAME QUERIES.txt [ROUNDS]</pre>
 */
public final class SearchStageTiming {
    public static void main(String[] a) throws Exception {
        if (a.length < 3) throw new IllegalArgumentException("usage: SearchStageTiming DATA_DIR NAME QUERIES.txt [ROUNDS]");
        List<String> queries = Files.readAllLines(Path.of(a[2])).stream().filter(s -> !s.isBlank()).toList();
        int rounds = a.length > 3 ? Integer.parseInt(a[3]) : 4;
        if (queries.isEmpty() || rounds < 1) throw new IllegalArgumentException("expected a non-empty query file and ROUNDS >= 1");
        Embedder e = Embedders.create(Embedders.defaultName());
        try (CollectionManager m = new CollectionManager(Path.of(a[0]), e, VamanaVectorIndex.factory())) {
            var c = m.get(a[1]); // NotFoundException when DATA_DIR holds no such collection
            int n = queries.size();
            for (int round = 0; round < rounds; round++) {
                long[] embed = new long[n], search = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    float[] v = e.embed(queries.get(i));
                    long t1 = System.nanoTime();
                    c.search(new SearchQuery(null, v, 10, SearchQuery.Mode.VECTOR, null, List.of()));
                    embed[i] = t1 - t0;
                    search[i] = System.nanoTime() - t1;
                }
                Arrays.sort(embed);
                Arrays.sort(search);
                System.out.printf("round %d, %d queries: embed p50 %.2f ms p99 %.2f ms | search with that vector p50 %.2f ms p99 %.2f ms%n",
                        round, n, embed[n / 2] / 1e6, embed[n * 99 / 100] / 1e6, search[n / 2] / 1e6, search[n * 99 / 100] / 1e6);
            }
        }
        System.exit(0); // the model's native threads
    }
}
