package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.embed.Embedder;
import dev.vamana.embed.Reasons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A searchable set of documents kept in one folder:
 * <ul>
 *   <li>{@code docs.db}: the SQLite {@link DocumentStore}, the source of truth (documents, chunk text and
 *       vectors, change log). A write is acknowledged only after its transaction is durable.</li>
 *   <li>{@code vectors-<seq>.vmi}: a snapshot of the {@link VectorIndex} that includes the change log up to
 *       {@code seq} (written atomically by the index, so a crash leaves the previous snapshot intact).</li>
 *   <li>{@code keywords/}: the Lucene {@link KeywordIndex}, whose commits record their own log position.</li>
 * </ul>
 * Opening a collection replays the change log after each derived index's checkpoint (or rebuilds it from the
 * database when it is missing or damaged), so after any crash the indexes and the database agree without
 * repair by hand. {@link #checkpoint()} saves both derived indexes and prunes the log.
 *
 * <p>Thread-safe: searches run concurrently with each other and with writes; writes (which must apply to the
 * database and both indexes in log order) are serialised by an internal lock, but callers embed text before
 * taking it.
 */
public final class Collection implements AutoCloseable {
    static final String DB_FILE = "docs.db";
    private static final Pattern SNAPSHOT = Pattern.compile("vectors-(\\d{20})\\.vmi");
    /** Checkpoint automatically once this many changes are applied but not saved. */
    private static final int CHECKPOINT_EVERY = 20_000;

    private final String name;
    private final Path folder;
    private final Embedder embedder;
    /** The embedder for search queries: remembers recent queries (size from -Dvamana.queryCache, default 4096; 0: off). */
    private final Embedder queryEmbedder;
    private final VectorIndex.Factory indexFactory;
    private final DocumentStore store;
    private final KeywordIndex keywords;
    private final VectorIndex vectors;
    private final Object writeLock = new Object();
    private long appliedSeq;
    private long checkpointSeq;
    private boolean closed;

    private Collection(String name, Path folder, Embedder embedder, VectorIndex.Factory indexFactory) {
        this.name = name;
        this.folder = folder;
        this.embedder = embedder;
        int cache = Integer.getInteger("vamana.queryCache", 4096);
        this.queryEmbedder = cache > 0 ? new dev.vamana.embed.CachingEmbedder(embedder, cache) : embedder;
        this.indexFactory = indexFactory;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new VamanaException(folder + ": cannot create the collection folder: " + Reasons.of(e));
        }
        store = DocumentStore.open(folder.resolve(DB_FILE));
        KeywordIndex kw = null;
        VectorIndex vs = null;
        try {
            checkModel();
            long last = store.lastSeq();
            kw = KeywordIndex.open(folder.resolve("keywords"));
            keywords = kw;
            vs = openVectors(last);
            vectors = vs;
            replayKeywords(last);
            appliedSeq = last;
        } catch (RuntimeException e) {
            if (vs != null) vs.close();
            if (kw != null) kw.close();
            store.close();
            throw e;
        }
    }

    /** Opens the collection in a folder, creating it when it does not exist. */
    public static Collection open(String name, Path folder, Embedder embedder, VectorIndex.Factory indexFactory) {
        return new Collection(name, folder, embedder, indexFactory);
    }

    private void checkModel() {
        String model = store.meta("model");
        if (model == null) {
            store.setMeta("model", embedder.name());
            store.setMeta("dimension", Integer.toString(embedder.dimension()));
        } else if (!model.equals(embedder.name())) {
            throw new VamanaException(folder.resolve(DB_FILE) + ": meta.model is '" + model + "', but the embedder is '" + embedder.name() + "'");
        }
    }

    /**
     * Throws a plain error when {@code e} is a file this process may not read or write: such a file is not damaged,
     * and opening the collection must stop instead of deleting or rebuilding it.
     */
    static void failIfPermissionDenied(Throwable e) {
        var denied = Reasons.permissionDenied(e);
        if (denied != null) {
            throw new VamanaException(denied.getFile() + ": permission denied (is the collection another user's?)");
        }
    }

    private VectorIndex openVectors(long lastSeq) {
        List<Path> snapshots = snapshots();
        for (Path p : snapshots) {
            long seq = snapshotSeq(p);
            try {
                VectorIndex index = indexFactory.open(p);
                checkpointSeq = seq;
                replayVectors(index, seq);
                for (Path other : snapshots) if (!other.equals(p)) deleteQuietly(other);
                return index;
            } catch (RuntimeException e) {
                failIfPermissionDenied(e);
                System.err.println("collection " + name + ": ignoring damaged vector snapshot " + p.getFileName() + ": " + e.getMessage());
            }
        }
        // no usable snapshot: rebuild from the database, which holds every vector
        List<float[]> vs = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        store.forEachChunk(null, (id, v) -> {
            ids.add(id);
            vs.add(v);
        });
        checkpointSeq = snapshots.isEmpty() && ids.isEmpty() ? lastSeq : -1;
        return indexFactory.build(embedder.dimension(), vs, ids.stream().mapToLong(Long::longValue).toArray());
    }

    private void replayVectors(VectorIndex index, long afterSeq) {
        index.bulkLoad(true); // the replayed adds are linked into the graph in one parallel pass
        store.forEachChange(afterSeq, ch -> {
            if (ch.add()) {
                float[] v = store.vector(ch.chunkId());
                if (v != null) index.add(ch.chunkId(), v); // null: deleted later in the log
            } else {
                index.delete(ch.chunkId());
            }
        });
        index.bulkLoad(false);
    }

    private void replayKeywords(long lastSeq) {
        long from = keywords.committedSeq();
        if (from < 0) {
            if (keywords.writtenWithOtherAnalysis()) {
                System.err.println("collection " + name + ": rebuilding the keyword index from the database (it was written"
                        + " with an older analysis; now " + TermAnalysis.VERSION + ")");
            }
            keywords.clear();
            store.forEachChunk(c -> keywords.put(c.chunkId(), c.text(), c.path(), c.fileType()), null);
        } else {
            List<Change> changes = new ArrayList<>();
            store.forEachChange(from, changes::add);
            applyKeywords(changes);
        }
        keywords.refresh();
        if (from != lastSeq) keywords.commit(lastSeq);
    }

    private void applyKeywords(List<Change> changes) {
        long[] added = changes.stream().filter(Change::add).mapToLong(Change::chunkId).toArray();
        Map<Long, ChunkRecord> rows = new HashMap<>();
        for (int i = 0; i < added.length; i += 500) {
            rows.putAll(store.chunks(Arrays.copyOfRange(added, i, Math.min(added.length, i + 500))));
        }
        for (Change ch : changes) {
            if (ch.add()) {
                ChunkRecord r = rows.get(ch.chunkId());
                if (r != null) keywords.put(r.chunkId(), r.text(), r.path(), r.fileType());
            } else {
                keywords.delete(ch.chunkId());
            }
        }
    }

    private List<Path> snapshots() {
        try (var files = Files.list(folder)) {
            return files.filter(p -> SNAPSHOT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long snapshotSeq(Path p) {
        Matcher m = SNAPSHOT.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(p.toString());
        return Long.parseLong(m.group(1));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // an old snapshot left behind is ignored on the next open
        }
    }

    public String name() {
        return name;
    }

    public Path folder() {
        return folder;
    }

    public Embedder embedder() {
        return embedder;
    }

    /** The embedder searches use (with a cache of recent queries unless disabled). */
    Embedder queryEmbedder() {
        return queryEmbedder;
    }

    public DocumentStore store() {
        return store;
    }

    /**
     * Stores documents (already chunked and embedded) durably and makes them searchable; a document whose path
     * is already stored is replaced. Returns the new document ids in input order.
     */
    public List<Long> addDocuments(List<NewDocument> docs) {
        for (NewDocument d : docs) {
            for (float[] v : d.vectors()) {
                if (v.length != embedder.dimension()) {
                    throw new VamanaException("document " + d.path() + ": vector has " + v.length + " dimensions, expected " + embedder.dimension());
                }
            }
        }
        synchronized (writeLock) {
            ensureOpen();
            DocumentStore.WriteResult r = store.putDocuments(docs);
            List<float[]> added = new ArrayList<>();
            List<KeywordRow> rows = new ArrayList<>();
            for (NewDocument d : docs) {
                added.addAll(d.vectors());
                for (String text : d.chunks()) rows.add(new KeywordRow(text, d.path(), d.fileType()));
            }
            apply(r.changes(), added, rows);
            return r.documentIds();
        }
    }

    /**
     * Starts ({@code true}) or ends a bulk load, such as an ingest run: the vector index may defer linking new
     * vectors into its graph and do it in bulk (searches still find them, by exact scan), which keeps that work
     * off the cores while the model embeds. Durability is unchanged: every write is in the database when
     * {@link #addDocuments} returns. Ending a bulk load (or a checkpoint) finishes the deferred work.
     */
    public void bulkLoad(boolean on) {
        synchronized (writeLock) {
            ensureOpen();
            vectors.bulkLoad(on);
        }
    }

    /** Deletes a document durably; returns false when there is no document with that id. */
    public boolean deleteDocument(long documentId) {
        synchronized (writeLock) {
            ensureOpen();
            List<Change> changes = store.deleteDocument(documentId);
            if (changes.isEmpty() && store.document(documentId) == null) {
                return false;
            }
            apply(changes, List.of(), List.of());
            return true;
        }
    }

    /** What the keyword index needs of an added chunk. */
    private record KeywordRow(String text, String path, String fileType) {}

    /**
     * Applies committed changes to both indexes. The vectors and keyword rows of the adds come in log order,
     * straight from the caller (no read back from the database).
     */
    private void apply(List<Change> changes, List<float[]> addedVectors, List<KeywordRow> addedRows) {
        int a = 0;
        for (Change ch : changes) {
            if (ch.add()) {
                vectors.add(ch.chunkId(), addedVectors.get(a));
                KeywordRow r = addedRows.get(a++);
                keywords.put(ch.chunkId(), r.text(), r.path(), r.fileType());
            } else {
                vectors.delete(ch.chunkId());
                keywords.delete(ch.chunkId());
            }
        }
        if (!changes.isEmpty()) appliedSeq = changes.get(changes.size() - 1).seq();
        if (appliedSeq - checkpointSeq >= CHECKPOINT_EVERY) checkpoint();
    }

    /** Saves the vector index and commits the keyword index at the current log position, then prunes the log. */
    public void checkpoint() {
        synchronized (writeLock) {
            ensureOpen();
            long seq = appliedSeq;
            if (seq == checkpointSeq && !snapshots().isEmpty()) return;
            Path file = folder.resolve(String.format("vectors-%020d.vmi", seq));
            vectors.save(file);
            keywords.commit(seq);
            for (Path p : snapshots()) if (!p.equals(file)) deleteQuietly(p);
            store.pruneChanges(seq);
            checkpointSeq = seq;
        }
    }

    private void ensureOpen() {
        if (closed) throw new VamanaException("collection " + name + " is closed");
    }

    /** Runs a search; see {@link SearchQuery}. */
    public List<SearchHit> search(SearchQuery q) {
        return new CollectionSearcher(this, vectors, keywords).search(q);
    }

    /** Number of documents. */
    public long documentCount() {
        return store.documentCount();
    }

    /** Number of chunks (in the database, which the index agrees with). */
    public long chunkCount() {
        return store.chunkCount();
    }

    /** Number of live vectors in the vector index. */
    public int indexedVectors() {
        return vectors.size();
    }

    /** Number of chunks in the keyword index. */
    public int indexedKeywords() {
        return keywords.size();
    }

    /**
     * Checks that the vector index and the keyword index hold exactly the chunks of the database; returns
     * a list of disagreements (empty when consistent).
     */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        long[] ids = store.chunkIds();
        if (vectors.size() != ids.length) problems.add("vector index has " + vectors.size() + " vectors, database " + ids.length + " chunks");
        if (keywords.size() != ids.length) problems.add("keyword index has " + keywords.size() + " chunks, database " + ids.length);
        int missing = 0;
        for (long id : ids) if (!vectors.contains(id)) missing++;
        if (missing > 0) problems.add(missing + " database chunks missing from the vector index");
        return problems;
    }

    /** Checkpoints and releases the files. Idempotent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) return;
            checkpoint();
            closed = true;
            vectors.close();
            keywords.close();
            store.close();
        }
    }
}
