package dev.vamana.collection;

import dev.vamana.VamanaException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The collection's source of truth: an SQLite database (WAL journal, {@code synchronous=FULL}, so a committed
 * transaction survives a crash or power loss) holding documents, chunks with their text and embedding, and a
 * change log that the derived indexes replay after a crash.
 *
 * <p>Schema: {@code meta(key, value)}; {@code documents(id, path UNIQUE, title, file_type, modified, size,
 * content_hash, chunk_count)}; {@code chunks(id AUTOINCREMENT, doc_id, position, text, vector BLOB of
 * little-endian float32)}; {@code changes(seq AUTOINCREMENT, chunk_id, op)} with op 1 = add, 0 = delete.
 * Chunk ids are never reused.
 *
 * <p>Thread-safe: writes go through one connection under this object's monitor; reads borrow one of a small
 * pool of read connections, so searches never wait for an ingest transaction.
 */
public final class DocumentStore implements AutoCloseable {
    /** Schema version recorded in the meta table. */
    public static final String SCHEMA_VERSION = "1";
    private static final int READERS = 4;

    private final Path file;
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();

    private DocumentStore(Path file) throws SQLException {
        this.file = file;
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        writer = DriverManager.getConnection(url);
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA foreign_keys=ON");
            st.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS documents(id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL UNIQUE,"
                    + " title TEXT NOT NULL, file_type TEXT NOT NULL, modified INTEGER NOT NULL, size INTEGER NOT NULL,"
                    + " content_hash TEXT NOT NULL, chunk_count INTEGER NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS chunks(id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, position INTEGER NOT NULL,"
                    + " text TEXT NOT NULL, vector BLOB NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id)");
            st.execute("CREATE TABLE IF NOT EXISTS changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, chunk_id INTEGER NOT NULL, op INTEGER NOT NULL)");
            st.execute("INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '" + SCHEMA_VERSION + "')");
        }
        String version = meta("schema_version");
        if (!SCHEMA_VERSION.equals(version)) {
            throw new VamanaException(file + ": meta.schema_version is " + version + ", expected " + SCHEMA_VERSION);
        }
        for (int i = 0; i < READERS; i++) {
            Connection c = DriverManager.getConnection(url);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=10000");
            }
            allReaders.add(c);
            readers.add(c);
        }
    }

    /** Opens (creating if needed) the database file. */
    public static DocumentStore open(Path file) {
        try {
            return new DocumentStore(file);
        } catch (SQLException e) {
            throw new VamanaException(file + ": cannot open the document database: " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(SqlFunction<T> f) {
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VamanaException("interrupted while waiting for a database connection");
        }
        try {
            return f.apply(c);
        } catch (SQLException e) {
            throw new VamanaException(file + ": query failed: " + e.getMessage());
        } finally {
            readers.add(c);
        }
    }

    private synchronized <T> T write(SqlFunction<T> f) {
        try {
            writer.setAutoCommit(false);
            try {
                T t = f.apply(writer);
                writer.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new VamanaException(file + ": write failed: " + e.getMessage());
        }
    }

    public String meta(String key) {
        try (PreparedStatement ps = writer.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new VamanaException(file + ": cannot read meta." + key + ": " + e.getMessage());
        }
    }

    public void setMeta(String key, String value) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** What one write transaction changed: the ids of the stored documents and every chunk change, in log order. */
    public record WriteResult(List<Long> documentIds, List<Change> changes) {}

    /**
     * Stores documents in one durable transaction, replacing any stored document with the same path; when the
     * call returns, the documents survive a crash.
     */
    public WriteResult putDocuments(List<NewDocument> docs) {
        return write(c -> {
            List<Long> docIds = new ArrayList<>(docs.size());
            List<Change> changes = new ArrayList<>();
            try (PreparedStatement find = c.prepareStatement("SELECT id FROM documents WHERE path = ?");
                 PreparedStatement insDoc = c.prepareStatement("INSERT INTO documents(path, title, file_type, modified, size, content_hash, chunk_count)"
                         + " VALUES(?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement insChunk = c.prepareStatement("INSERT INTO chunks(doc_id, position, text, vector) VALUES(?, ?, ?, ?)",
                         Statement.RETURN_GENERATED_KEYS)) {
                for (NewDocument d : docs) {
                    find.setString(1, d.path());
                    Long old = null;
                    try (ResultSet rs = find.executeQuery()) {
                        if (rs.next()) old = rs.getLong(1);
                    }
                    if (old != null) deleteDocument(c, old, changes);
                    insDoc.setString(1, d.path());
                    insDoc.setString(2, d.title());
                    insDoc.setString(3, d.fileType());
                    insDoc.setLong(4, d.modifiedMillis());
                    insDoc.setLong(5, d.sizeBytes());
                    insDoc.setString(6, d.contentHash());
                    insDoc.setInt(7, d.chunks().size());
                    insDoc.executeUpdate();
                    long docId = generatedKey(insDoc);
                    docIds.add(docId);
                    for (int i = 0; i < d.chunks().size(); i++) {
                        insChunk.setLong(1, docId);
                        insChunk.setInt(2, i);
                        insChunk.setString(3, d.chunks().get(i));
                        insChunk.setBytes(4, toBytes(d.vectors().get(i)));
                        insChunk.executeUpdate();
                        changes.add(new Change(0, generatedKey(insChunk), true));
                    }
                }
            }
            return new WriteResult(docIds, logChanges(c, changes));
        });
    }

    /** Deletes a document and its chunks durably; returns the chunk changes (empty when there was no such document). */
    public List<Change> deleteDocument(long docId) {
        return write(c -> {
            List<Change> changes = new ArrayList<>();
            deleteDocument(c, docId, changes);
            return logChanges(c, changes);
        });
    }

    private static void deleteDocument(Connection c, long docId, List<Change> changes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM chunks WHERE doc_id = ? ORDER BY id")) {
            ps.setLong(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) changes.add(new Change(0, rs.getLong(1), false));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunks WHERE doc_id = ?")) {
            ps.setLong(1, docId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE id = ?")) {
            ps.setLong(1, docId);
            ps.executeUpdate();
        }
    }

    private static List<Change> logChanges(Connection c, List<Change> changes) throws SQLException {
        List<Change> logged = new ArrayList<>(changes.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO changes(chunk_id, op) VALUES(?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (Change ch : changes) {
                ps.setLong(1, ch.chunkId());
                ps.setInt(2, ch.add() ? 1 : 0);
                ps.executeUpdate();
                logged.add(new Change(generatedKey(ps), ch.chunkId(), ch.add()));
            }
        }
        return logged;
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.getGeneratedKeys()) {
            if (!rs.next()) throw new SQLException("no generated key");
            return rs.getLong(1);
        }
    }

    static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] toFloats(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    public DocumentInfo document(long id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(DOC_SELECT + " WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? docInfo(rs) : null;
                }
            }
        });
    }

    public DocumentInfo documentByPath(String path) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(DOC_SELECT + " WHERE path = ?")) {
                ps.setString(1, path);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? docInfo(rs) : null;
                }
            }
        });
    }

    /** Documents whose path starts with the prefix, keyed by path. */
    public Map<String, DocumentInfo> documentsUnder(String prefix) {
        return read(c -> {
            Map<String, DocumentInfo> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(DOC_SELECT + " WHERE substr(path, 1, ?) = ?")) {
                ps.setInt(1, prefix.length());
                ps.setString(2, prefix);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DocumentInfo d = docInfo(rs);
                        out.put(d.path(), d);
                    }
                }
            }
            return out;
        });
    }

    /** A page of documents ordered by id. */
    public List<DocumentInfo> documents(int offset, int limit) {
        return read(c -> {
            List<DocumentInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(DOC_SELECT + " ORDER BY id LIMIT ? OFFSET ?")) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(docInfo(rs));
                }
            }
            return out;
        });
    }

    private static final String DOC_SELECT = "SELECT id, path, title, file_type, modified, size, content_hash, chunk_count FROM documents";

    private static DocumentInfo docInfo(ResultSet rs) throws SQLException {
        return new DocumentInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getInt(8));
    }

    /** The chunks with the given ids (missing ids are left out), keyed by chunk id. */
    public Map<Long, ChunkRecord> chunks(long[] ids) {
        if (ids.length == 0) return Map.of();
        return read(c -> {
            Map<Long, ChunkRecord> out = new HashMap<>();
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < ids.length; i++) in.append(i == 0 ? "?" : ",?");
            try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.doc_id, c.position, c.text, d.path, d.title, d.file_type, d.modified"
                    + " FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.id IN (" + in + ")")) {
                for (int i = 0; i < ids.length; i++) ps.setLong(i + 1, ids[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ChunkRecord r = new ChunkRecord(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8));
                        out.put(r.chunkId(), r);
                    }
                }
            }
            return out;
        });
    }

    /** Stored embedding of a chunk, or null. */
    public float[] vector(long chunkId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT vector FROM chunks WHERE id = ?")) {
                ps.setLong(1, chunkId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? toFloats(rs.getBytes(1)) : null;
                }
            }
        });
    }

    /** Streams every stored chunk with its vector, in id order (for rebuilding a lost index). */
    public void forEachChunk(Consumer<ChunkRecord> chunk, java.util.function.BiConsumer<Long, float[]> vector) {
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.doc_id, c.position, c.text, d.path, d.title, d.file_type, d.modified, c.vector"
                    + " FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (chunk != null) {
                            chunk.accept(new ChunkRecord(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8)));
                        }
                        if (vector != null) vector.accept(rs.getLong(1), toFloats(rs.getBytes(9)));
                    }
                }
            }
            return null;
        });
    }

    /** Every live chunk id, ascending. */
    public long[] chunkIds() {
        return read(c -> {
            List<Long> ids = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM chunks ORDER BY id")) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            return ids.stream().mapToLong(Long::longValue).toArray();
        });
    }

    /** Chunk ids of documents matching a path prefix (null: any) and file types (null or empty: any). */
    public long[] chunkIdsMatching(String pathPrefix, List<String> fileTypes) {
        return read(c -> {
            StringBuilder sql = new StringBuilder("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE 1=1");
            if (pathPrefix != null) sql.append(" AND substr(d.path, 1, ?) = ?");
            if (fileTypes != null && !fileTypes.isEmpty()) {
                sql.append(" AND d.file_type IN (").append("?,".repeat(fileTypes.size() - 1)).append("?)");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                if (pathPrefix != null) {
                    ps.setInt(p++, pathPrefix.length());
                    ps.setString(p++, pathPrefix);
                }
                if (fileTypes != null) for (String t : fileTypes) ps.setString(p++, t);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getLong(1));
                }
                return ids.stream().mapToLong(Long::longValue).toArray();
            }
        });
    }

    /** Changes with a sequence number above {@code afterSeq}, in order. */
    public void forEachChange(long afterSeq, Consumer<Change> consumer) {
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, chunk_id, op FROM changes WHERE seq > ? ORDER BY seq")) {
                ps.setLong(1, afterSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) consumer.accept(new Change(rs.getLong(1), rs.getLong(2), rs.getInt(3) == 1));
                }
            }
            return null;
        });
    }

    /** Highest change sequence number ever written (0 when none). */
    public long lastSeq() {
        return read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Forgets log entries up to and including {@code seq} (after every derived index has checkpointed past it). */
    public void pruneChanges(long seq) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM changes WHERE seq <= ?")) {
                ps.setLong(1, seq);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public long documentCount() {
        return count("documents");
    }

    public long chunkCount() {
        return count("chunks");
    }

    private long count(String table) {
        return read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Counts of documents per file type. */
    public Map<String, Long> fileTypeCounts() {
        return read(c -> {
            Map<String, Long> out = new java.util.TreeMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT file_type, COUNT(*) FROM documents GROUP BY file_type")) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    @Override
    public synchronized void close() {
        for (Connection c : allReaders) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing: nothing left to do with it
            }
        }
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
