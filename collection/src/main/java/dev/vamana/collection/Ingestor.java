package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.embed.Chunker;
import dev.vamana.embed.ExtractedText;
import dev.vamana.embed.ExtractionException;
import dev.vamana.embed.Reasons;
import dev.vamana.embed.TextExtractor;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Feeds documents into a {@link Collection}: walks a folder (or reads a line-delimited corpus), skips files whose
 * content hash is unchanged, extracts and chunks the rest, embeds the chunks one text per model call on the
 * given executor, and stores finished documents in small durable batches while later chunks are still being
 * embedded. Documents that disappeared from the folder are deleted. A bad file is reported and skipped; it
 * never stops the run. The index mirrors the folder: a file whose content can no longer be indexed (empty,
 * corrupt, encrypted, too large, a broken link) takes its earlier version out of the index; one that could not
 * be read this time (permission denied, an I/O error, a folder that cannot be listed) keeps it.
 *
 * <p>Not thread-safe: one run at a time per instance. The executor is owned by the caller.
 */
public final class Ingestor {
    /** Most documents stored in one transaction. */
    private static final int BATCH_DOCS = 64;
    /** The end of a skip line whose document stays as it was indexed before. */
    private static final String KEPT = "; kept the earlier version";
    /** Most chunks embedding at once (bounds memory while keeping every core busy). */
    private static final int WINDOW_CHUNKS = 512;

    private final Collection collection;
    private final ExecutorService pool;
    private final TextExtractor extractor;
    private final Chunker chunker;
    private Disk disk = Disk.REAL;
    private int maxChunks = Integer.MAX_VALUE;

    public Ingestor(Collection collection, ExecutorService pool, TextExtractor extractor, Chunker chunker) {
        this.collection = collection;
        this.pool = pool;
        this.extractor = extractor;
        this.chunker = chunker;
    }

    public Ingestor(Collection collection, ExecutorService pool) {
        this(collection, pool, new TextExtractor(), new Chunker());
    }

    /**
     * Caps the chunks of one document added by {@link #addText} or {@link #addFile} (a server answers each add when
     * it is embedded, so a huge one would hold its client for minutes); a longer one is refused before any embedding
     * with an {@link ExtractionException}. Folder and line ingestion are not capped. Returns this ingestor.
     */
    public Ingestor maxChunks(int n) {
        if (n < 1) throw new VamanaException("max chunks per document: expected at least 1, got " + n);
        this.maxChunks = n;
        return this;
    }

    private List<String> checkedChunks(String text) {
        List<String> parts = chunker.chunk(text);
        if (parts.size() > maxChunks) {
            throw new ExtractionException(String.format(java.util.Locale.ROOT, "too long for one request: %,d chunks, at most %,d"
                    + " are embedded per document added this way; split it, or ingest its folder with ./vamana ingest",
                    parts.size(), maxChunks));
        }
        return parts;
    }

    /** Replaces the disk's failing calls (tests stage failures with it); returns this ingestor. */
    Ingestor disk(Disk d) {
        this.disk = d;
        return this;
    }

    /** A document whose chunks are being embedded. */
    private record InFlight(String path, String title, String type, long modified, long size, String hash, DocumentInfo old,
                            List<String> chunks, List<Future<float[]>> vectors) {}

    private final class Run {
        final IngestListener listener;
        final ArrayDeque<InFlight> window = new ArrayDeque<>();
        final List<String> skippedReasons = new ArrayList<>();
        int windowChunks, added, updated, unchanged, removed, skipped;
        long chunks, done;

        Run(IngestListener listener) {
            this.listener = listener;
        }

        void skip(String path, String reason) {
            skipped++;
            skippedReasons.add(path + ": " + reason);
            listener.skipped(path, reason);
            progress();
        }

        /**
         * Skips an item whose current content cannot be indexed (empty, corrupt, encrypted, too large, a broken
         * link): its earlier version, if any, leaves the index, which mirrors the folder, and the line says so.
         */
        void skipAndRemove(String path, DocumentInfo old, String reason) {
            if (old != null && collection.deleteDocument(old.id())) {
                removed++;
                reason += "; the earlier version was removed from the index";
            }
            skip(path, reason);
        }

        /**
         * Skips an item that could not be read this time (permission denied, an I/O error, a failed embedding): it
         * may be fine next time, so its earlier version, if any, stays, and the line says so.
         */
        void skipAndKeep(String path, DocumentInfo old, String reason) {
            skip(path, old == null ? reason : reason + KEPT);
        }

        void progress() {
            done++;
            listener.progress(done);
        }

        void submit(String path, String title, String type, long modified, long size, String hash, DocumentInfo old, String text,
                    boolean asIs) {
            List<String> parts = asIs ? List.of(text) : chunker.chunk(text);
            if (parts.isEmpty()) {
                skipAndRemove(path, old, "no text");
                return;
            }
            List<Future<float[]>> fs = new ArrayList<>(parts.size());
            for (String p : parts) fs.add(pool.submit(() -> collection.embedder().embed(p)));
            window.add(new InFlight(path, title, type, modified, size, hash, old, parts, fs));
            windowChunks += parts.size();
            while (windowChunks > WINDOW_CHUNKS) flush(false);
        }

        /**
         * Stores documents from the head of the window in batches of up to {@link #BATCH_DOCS}, waiting for their
         * embeddings; with {@code all} until the window is empty, else until it is back under its limit. Big
         * batches keep the per-transaction cost (fsync, index refresh) small per document, while the executor
         * keeps embedding the rest of the window.
         *
         * <p>The per-document loops live in {@link #takeBatch} and {@link #count}, apart from the store call, so
         * that the JIT compiles them small: with the loops and {@code addDocuments} in one method it compiled the
         * whole store path (SQLite, Lucene, the vector index) into it, five times in a run.
         */
        void flush(boolean all) {
            while (!window.isEmpty() && (all || windowChunks > WINDOW_CHUNKS)) {
                List<InFlight> meta = new ArrayList<>(BATCH_DOCS);
                List<NewDocument> batch = takeBatch(meta);
                if (!batch.isEmpty()) {
                    collection.addDocuments(batch);
                    count(meta);
                }
            }
        }

        /** Takes up to {@link #BATCH_DOCS} documents from the head of the window and waits for their vectors. */
        private List<NewDocument> takeBatch(List<InFlight> meta) {
            List<NewDocument> batch = new ArrayList<>(BATCH_DOCS);
            while (!window.isEmpty() && batch.size() < BATCH_DOCS) {
                InFlight f = window.poll();
                windowChunks -= f.chunks().size();
                try {
                    List<float[]> vs = new ArrayList<>(f.vectors().size());
                    for (Future<float[]> v : f.vectors()) vs.add(v.get());
                    batch.add(new NewDocument(f.path(), f.title(), f.type(), f.modified(), f.size(), f.hash(), f.chunks(), vs));
                    meta.add(f);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VamanaException("ingestion interrupted");
                } catch (ExecutionException e) {
                    skipAndKeep(f.path(), f.old(), "embedding failed: " + Reasons.of(e.getCause()));
                }
            }
            return batch;
        }

        /** Counts the stored documents of a batch and reports the progress. */
        private void count(List<InFlight> meta) {
            for (InFlight f : meta) {
                if (f.old() != null) updated++;
                else added++;
                chunks += f.chunks().size();
                progress();
            }
        }

        IngestReport report(long startNanos) {
            return new IngestReport(added, updated, unchanged, removed, skipped, chunks,
                    (System.nanoTime() - startNanos) / 1_000_000, List.copyOf(skippedReasons));
        }
    }

    /**
     * Ingests every supported file under a folder (recursively, following symbolic links; hidden files and folders
     * are left out). What cannot be walked is skipped with a reason ({@link FolderWalk}); documents indexed earlier
     * from a folder that cannot be listed now are kept, since nobody can tell whether they are gone. Ends with a
     * checkpoint of the collection, which the report's time includes.
     */
    public IngestReport ingestFolder(Path folder, IngestListener listener) {
        long start = System.nanoTime();
        Path root = folder.toAbsolutePath().normalize();
        checkSource(folder, false);
        List<FolderWalk.Entry> entries = FolderWalk.walk(root, disk);
        String prefix = root + File.separator;
        Map<String, DocumentInfo> stored = collection.store().documentsUnder(prefix);
        Run run = new Run(listener);
        listener.started(entries.size(), "files");
        Set<String> seen = new HashSet<>();
        collection.bulkLoad(true);
        try {
            ingestEntries(entries, stored, run, seen);
        } finally {
            collection.bulkLoad(false);
        }
        removeUnseen(stored, seen, run);
        collection.checkpoint(); // the snapshot of the derived indexes belongs to the run and to its timing
        return run.report(start);
    }

    /** Deletes the stored documents of the ingested folder or file that this run no longer saw. */
    private void removeUnseen(Map<String, DocumentInfo> stored, Set<String> seen, Run run) {
        for (DocumentInfo d : stored.values()) {
            if (!seen.contains(d.path()) && collection.deleteDocument(d.id())) run.removed++;
        }
    }

    private void ingestEntries(List<FolderWalk.Entry> entries, Map<String, DocumentInfo> stored, Run run, Set<String> seen) {
        for (FolderWalk.Entry e : entries) {
            String path = e.path().toString();
            seen.add(path);
            if (e.isFile()) ingestFile(e.path(), stored.get(path), run);
            else if (e.keep()) run.skip(path, e.reason() + keep(path, stored, seen));
            else run.skipAndRemove(path, stored.get(path), e.reason());
        }
        run.flush(true);
    }

    /**
     * Keeps the documents indexed earlier from a place that could not be seen (the path itself, or anything under
     * it) by marking them seen; returns what to add to the skip line: that they were kept, or "".
     */
    private static String keep(String path, Map<String, DocumentInfo> stored, Set<String> seen) {
        if (stored.containsKey(path)) return KEPT;
        String under = path + File.separator;
        int n = 0;
        for (String p : stored.keySet()) {
            if (p.startsWith(under)) {
                seen.add(p);
                n++;
            }
        }
        return n == 0 ? "" : "; kept the " + (n == 1 ? "document" : n + " documents") + " indexed from it earlier";
    }

    /**
     * Ingests one file of the folder; {@code old} is its document from an earlier run, or null. A file whose content
     * cannot be indexed takes its earlier version out of the index; one that cannot be read this time keeps it.
     */
    private void ingestFile(Path file, DocumentInfo old, Run run) {
        String path = file.toString();
        if (!TextExtractor.isSupported(file)) {
            run.skipAndRemove(path, old, "unsupported file type");
            return;
        }
        byte[] bytes;
        long size, modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toMillis();
            if (size > extractor.maxBytes()) {
                run.skipAndRemove(path, old, "too large: " + size + " bytes (limit " + extractor.maxBytes() + ")");
                return;
            }
            bytes = disk.read(file);
        } catch (IOException e) {
            run.skipAndKeep(path, old, Reasons.of(e));
            return;
        }
        String hash = sha256(bytes);
        if (old != null && old.contentHash().equals(hash)) {
            run.unchanged++;
            run.progress();
            return;
        }
        try {
            ExtractedText t = extractor.extract(file.getFileName().toString(), bytes);
            run.submit(path, t.title(), t.fileType(), modified, size, hash, old, t.text(), false);
        } catch (ExtractionException e) {
            run.skipAndRemove(path, old, e.getMessage());
        } catch (RuntimeException e) {
            run.skipAndKeep(path, old, "failed: " + Reasons.of(e));
        }
    }

    /**
     * Checks, before anything is created, that a source can be ingested: it exists and is a folder, or for a line
     * corpus ({@code lines}) a file; otherwise throws a {@link VamanaException} with a one-line reason.
     */
    public static void checkSource(Path source, boolean lines) {
        if (!Files.exists(source)) {
            try {
                Files.readAttributes(source, java.nio.file.attribute.BasicFileAttributes.class);
            } catch (IOException e) {
                throw new VamanaException(source + ": " + Reasons.of(e));
            }
        }
        if (lines && !Files.isRegularFile(source)) throw new VamanaException(source + ": expected a text file with one passage per line");
        if (!lines && !Files.isDirectory(source)) throw new VamanaException(source + ": expected a folder to ingest");
    }

    /**
     * Ingests a line-delimited corpus: each non-blank line is one passage, embedded as written (not re-chunked,
     * so its vector is exactly the model's vector for that line), stored as a document with the path
     * {@code FILE#L<line number>} (1-based). Unchanged lines are skipped and lines that are gone are removed. Ends
     * with a checkpoint of the collection, which the report's time includes.
     */
    public IngestReport ingestLines(Path file, IngestListener listener) {
        long start = System.nanoTime();
        Path abs = file.toAbsolutePath().normalize();
        checkSource(file, true);
        long total;
        try (Stream<String> lines = Files.lines(abs, StandardCharsets.UTF_8)) {
            total = lines.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new VamanaException(file + ": cannot read the passages: " + Reasons.of(e));
        }
        String prefix = abs + "#L";
        Map<String, DocumentInfo> stored = collection.store().documentsUnder(prefix);
        Run run = new Run(listener);
        listener.started(total, "lines");
        Set<String> seen = new HashSet<>();
        collection.bulkLoad(true);
        try {
            readLines(abs, prefix, stored, run, seen);
        } finally {
            collection.bulkLoad(false);
        }
        removeUnseen(stored, seen, run);
        collection.checkpoint(); // the snapshot of the derived indexes belongs to the run and to its timing
        return run.report(start);
    }

    private void readLines(Path abs, String prefix, Map<String, DocumentInfo> stored, Run run, Set<String> seen) {
        long modified;
        try (BufferedReader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            modified = Files.getLastModifiedTime(abs).toMillis();
            String line;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (no == 1 && line.startsWith("\uFEFF")) line = line.substring(1); // a UTF-8 byte order mark
                String text = line.strip();
                if (text.isEmpty()) {
                    run.progress();
                    continue;
                }
                String path = prefix + no;
                seen.add(path);
                DocumentInfo old = stored.get(path);
                if (text.indexOf('\0') >= 0) { // as a text file with NUL bytes is: its earlier passage leaves too
                    run.skipAndRemove(path, old, "binary content (NUL bytes), not text");
                    continue;
                }
                String hash = sha256(text.getBytes(StandardCharsets.UTF_8));
                if (old != null && old.contentHash().equals(hash)) {
                    run.unchanged++;
                    run.progress();
                    continue;
                }
                String title = abs.getFileName() + " line " + no;
                run.submit(path, title, "line", modified, text.length(), hash, old, text, true);
            }
        } catch (IOException e) {
            throw new VamanaException(abs + ": cannot read the passages: " + Reasons.of(e));
        }
        run.flush(true);
    }

    /**
     * Adds (or replaces) one document from text; returns its id. Embeds on the executor, then stores durably. The
     * file type is stored as searches name it ({@link TextExtractor#fileType}: {@code PDF} and {@code .pdf} are {@code pdf}).
     * Text of type {@code html} or {@code md} is markup: its text is indexed as a file's of that type would be.
     */
    public long addText(String path, String title, String fileType, String text) {
        String type = TextExtractor.fileType(fileType);
        String words = type.equals("html") || type.equals("md")
                ? extractor.extract("text." + type, text.getBytes(StandardCharsets.UTF_8)).text() : text;
        List<String> parts = checkedChunks(words);
        if (parts.isEmpty()) throw new VamanaException("text: expected some words, got none");
        return store(path, title, type, text.getBytes(StandardCharsets.UTF_8), parts);
    }

    /**
     * Adds (or replaces) one uploaded file, stored under {@code path}; its text and type come from its name and
     * content, its title from {@code title} when not null, else from the file. Returns its id.
     */
    public long addFile(String path, String title, String fileName, byte[] content) {
        ExtractedText t = extractor.extract(fileName, content);
        List<String> parts = checkedChunks(t.text());
        if (parts.isEmpty()) throw new ExtractionException("no text in file");
        return store(path, title == null ? t.title() : title, t.fileType(), content, parts);
    }

    /** Embeds the chunks of one added document on the executor, then stores it durably; returns its id. */
    private long store(String path, String title, String type, byte[] content, List<String> parts) {
        List<float[]> vs = collection.embedder().embedAll(parts, pool);
        NewDocument d = new NewDocument(path, title, type, System.currentTimeMillis(), content.length, sha256(content), parts, vs);
        return collection.addDocuments(List.of(d)).getFirst();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
