package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.embed.Reasons;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The collection's keyword index: Lucene with BM25 over chunk text, plus exact-match fields for the path
 * (prefix filter) and file type. It is derived data: each commit records in its user data the change-log
 * sequence number it includes, and the collection replays later changes after a crash.
 *
 * <p>Thread-safe: Lucene's {@link IndexWriter} and {@link SearcherManager} are. A search refreshes the searcher
 * first when anything changed since the last refresh, so it sees every change made before it started.
 */
public final class KeywordIndex implements AutoCloseable {
    static final String ID = "id", TEXT = "text", PATH = "path", TYPE = "type";
    private static final String SEQ = "vamana.seq";
    /** Commit user data key naming the {@link TermAnalysis} the index was written with. */
    static final String ANALYSIS = "vamana.analysis";

    private final Directory dir;
    private final Analyzer analyzer = TermAnalysis.analyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final long committedSeq;
    /** True when an index existed but was written with another {@link TermAnalysis}. */
    private final boolean otherAnalysis;
    /** True when changes were made since the searcher was last refreshed. */
    private volatile boolean stale;

    private KeywordIndex(Path folder) throws IOException {
        Files.createDirectories(folder);
        dir = FSDirectory.open(folder);
        long seq = -1;
        boolean other = false;
        if (DirectoryReader.indexExists(dir)) {
            Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
            String s = data.get(SEQ);
            // written with other terms (or before the analysis was recorded): the caller rebuilds it
            other = !TermAnalysis.VERSION.equals(data.get(ANALYSIS));
            seq = s == null || other ? -1 : Long.parseLong(s);
        }
        otherAnalysis = other;
        committedSeq = seq;
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(32);
        writer = new IndexWriter(dir, cfg);
        searchers = new SearcherManager(writer, null);
    }

    /**
     * Opens the keyword index in a folder. A damaged index is deleted and reopened empty (its
     * {@link #committedSeq()} is then -1, which tells the caller to rebuild it from the database).
     */
    public static KeywordIndex open(Path folder) {
        try {
            return new KeywordIndex(folder);
        } catch (org.apache.lucene.store.LockObtainFailedException e) {
            throw new VamanaException(folder.getParent() + ": the collection is open in another process (a running server"
                    + " or ingest); stop it first or use the server's HTTP API");
        } catch (IOException | RuntimeException e) {
            Collection.failIfPermissionDenied(e);
            try {
                if (Files.exists(folder)) {
                    try (var files = Files.list(folder)) {
                        for (Path p : files.toList()) Files.deleteIfExists(p);
                    }
                }
                return new KeywordIndex(folder);
            } catch (IOException e2) {
                throw new VamanaException(folder + ": cannot open the keyword index: " + Reasons.of(e2));
            }
        }
    }

    /** Change-log sequence number included in the last commit; -1 when the index is new (rebuild needed). */
    public long committedSeq() {
        return committedSeq;
    }

    /** True when the folder held an index written with another {@link TermAnalysis}, which must be rebuilt. */
    public boolean writtenWithOtherAnalysis() {
        return otherAnalysis;
    }

    /** Adds or replaces a chunk. */
    public void put(long chunkId, String text, String path, String fileType) {
        Document d = new Document();
        d.add(new StringField(ID, Long.toString(chunkId), Field.Store.YES));
        d.add(new TextField(TEXT, text, Field.Store.NO));
        d.add(new StringField(PATH, path, Field.Store.NO));
        d.add(new StringField(TYPE, fileType, Field.Store.NO));
        try {
            writer.updateDocument(new Term(ID, Long.toString(chunkId)), d);
            stale = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a chunk (no-op when absent). */
    public void delete(long chunkId) {
        try {
            writer.deleteDocuments(new Term(ID, Long.toString(chunkId)));
            stale = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes everything (before a rebuild). */
    public void clear() {
        try {
            writer.deleteAll();
            stale = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes recent changes visible to searches (searches call it themselves when something changed). */
    public void refresh() {
        try {
            stale = false;
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Durably commits everything added so far, recording that it includes the log up to {@code seq}. */
    public void commit(long seq) {
        try {
            writer.setLiveCommitData(Map.of(SEQ, Long.toString(seq), ANALYSIS, TermAnalysis.VERSION).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** BM25 top-k chunk ids for a text query, best first, with optional path-prefix and file-type filters. */
    public VectorIndex.Hits search(String query, int k, String pathPrefix, List<String> fileTypes) {
        List<String> terms = TermAnalysis.terms(query);
        if (terms.isEmpty()) return new VectorIndex.Hits(new long[0], new float[0]);
        BooleanQuery.Builder should = new BooleanQuery.Builder();
        for (String t : terms) should.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD);
        BooleanQuery.Builder q = new BooleanQuery.Builder().add(should.build(), BooleanClause.Occur.MUST);
        if (pathPrefix != null) q.add(new PrefixQuery(new Term(PATH, pathPrefix)), BooleanClause.Occur.FILTER);
        if (fileTypes != null && !fileTypes.isEmpty()) {
            BooleanQuery.Builder types = new BooleanQuery.Builder();
            for (String t : fileTypes) types.add(new TermQuery(new Term(TYPE, t)), BooleanClause.Occur.SHOULD);
            q.add(types.build(), BooleanClause.Occur.FILTER);
        }
        Query query1 = q.build();
        if (stale) refresh();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                TopDocs top = s.search(query1, k);
                long[] ids = new long[top.scoreDocs.length];
                float[] scores = new float[ids.length];
                var stored = s.storedFields();
                for (int i = 0; i < ids.length; i++) {
                    ScoreDoc sd = top.scoreDocs[i];
                    ids[i] = Long.parseLong(stored.document(sd.doc).get(ID));
                    scores[i] = sd.score;
                }
                return new VectorIndex.Hits(ids, scores);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of live chunks visible to searches. */
    public int size() {
        if (stale) refresh();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback(); // uncommitted changes are replayed from the change log on the next open
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
