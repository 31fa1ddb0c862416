package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.vector.Vectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers one {@link SearchQuery} against a collection's indexes: embeds the text, searches the vector index
 * (exactly over the allowed chunks when a filter leaves few of them, else with a filter predicate), optionally
 * fuses with BM25 by reciprocal rank fusion, and assembles hits with highlighted text from the database.
 *
 * <p>A short-lived object per search; not shared between threads.
 */
final class CollectionSearcher {
    /** RRF constant from Cormack, Clarke and Buettcher (SIGIR 2009): score = sum of 1 / (60 + rank). */
    static final int RRF_K = 60;
    /** Below this many allowed chunks a filtered search scans them exactly instead of walking the graph. */
    static final int EXACT_FILTER_LIMIT = 5000;

    private final Collection collection;
    private final VectorIndex vectors;
    private final KeywordIndex keywords;

    CollectionSearcher(Collection collection, VectorIndex vectors, KeywordIndex keywords) {
        this.collection = collection;
        this.vectors = vectors;
        this.keywords = keywords;
    }

    List<SearchHit> search(SearchQuery q) {
        float[] qv;
        if (q.vector() != null) {
            int dim = collection.embedder().dimension();
            if (q.vector().length != dim) {
                throw new VamanaException("vector: expected " + dim + " numbers, got " + q.vector().length);
            }
            qv = Vectors.normalized(q.vector(), "vector");
        } else {
            qv = collection.queryEmbedder().embed(q.text());
        }
        int candidates = q.mode() == SearchQuery.Mode.HYBRID ? Math.min(SearchQuery.MAX_K, Math.max(100, 2 * q.k())) : q.k();
        VectorIndex.Hits vh = vectorSearch(qv, candidates, q);
        long[] ids;
        double[] scores;
        if (q.mode() == SearchQuery.Mode.HYBRID) {
            VectorIndex.Hits kh = keywords.search(q.text(), candidates, q.pathPrefix(), q.fileTypes());
            Map<Long, Double> fused = new HashMap<>();
            for (int r = 0; r < vh.size(); r++) fused.merge(vh.ids()[r], 1.0 / (RRF_K + r + 1), Double::sum);
            for (int r = 0; r < kh.size(); r++) fused.merge(kh.ids()[r], 1.0 / (RRF_K + r + 1), Double::sum);
            List<Map.Entry<Long, Double>> sorted = new ArrayList<>(fused.entrySet());
            sorted.sort(Map.Entry.<Long, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            int n = Math.min(q.k(), sorted.size());
            ids = new long[n];
            scores = new double[n];
            for (int i = 0; i < n; i++) {
                ids[i] = sorted.get(i).getKey();
                scores[i] = sorted.get(i).getValue();
            }
        } else {
            ids = vh.ids();
            scores = new double[ids.length];
            for (int i = 0; i < ids.length; i++) scores[i] = 1.0 - vh.distances()[i];
        }
        Map<Long, ChunkRecord> rows = collection.store().chunks(ids);
        Set<String> terms = q.text() == null ? Set.of() : Set.copyOf(TermAnalysis.terms(q.text())); // once for every hit
        List<SearchHit> hits = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            ChunkRecord r = rows.get(ids[i]);
            if (r == null) continue; // deleted between the index lookup and now
            hits.add(new SearchHit(r.chunkId(), scores[i], r.documentId(), r.path(), r.title(), r.fileType(), r.position(),
                    r.modifiedMillis(), r.text(), TermAnalysis.highlight(r.text(), terms)));
        }
        return hits;
    }

    private VectorIndex.Hits vectorSearch(float[] qv, int k, SearchQuery q) {
        if (!q.filtered()) return vectors.search(qv, k, null);
        long[] allowed = collection.store().chunkIdsMatching(q.pathPrefix(), q.fileTypes());
        if (allowed.length <= EXACT_FILTER_LIMIT) return exact(qv, k, allowed);
        Set<Long> set = new HashSet<>(allowed.length * 2);
        for (long id : allowed) set.add(id);
        return vectors.search(qv, k, set::contains);
    }

    private VectorIndex.Hits exact(float[] qv, int k, long[] allowed) {
        long[] ids = new long[allowed.length];
        float[] dist = new float[allowed.length];
        int n = 0;
        for (long id : allowed) {
            float[] v = vectors.vector(id);
            if (v == null) continue;
            float dot = 0;
            for (int i = 0; i < v.length; i++) dot += v[i] * qv[i];
            ids[n] = id;
            dist[n++] = 1f - dot;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        final float[] d = dist;
        final long[] idArr = ids;
        Arrays.sort(order, (a, b) -> d[a] != d[b] ? Float.compare(d[a], d[b]) : Long.compare(idArr[a], idArr[b]));
        int m = Math.min(k, n);
        long[] outIds = new long[m];
        float[] outDist = new float[m];
        for (int i = 0; i < m; i++) {
            outIds[i] = ids[order[i]];
            outDist[i] = dist[order[i]];
        }
        return new VectorIndex.Hits(outIds, outDist);
    }
}
