package dev.vamana.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vamana.collection.Collection;
import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.DocumentInfo;
import dev.vamana.collection.Ingestor;
import dev.vamana.collection.NotFoundException;
import dev.vamana.collection.SearchHit;
import dev.vamana.collection.SearchQuery;
import dev.vamana.embed.ExtractionException;
import io.javalin.http.Context;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.http.HttpException;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.ToLongFunction;

import static dev.vamana.server.RequestInput.clip;
import static dev.vamana.server.RequestInput.intParam;
import static dev.vamana.server.RequestInput.parseObject;
import static dev.vamana.server.RequestInput.isJson;
import static dev.vamana.server.RequestInput.mediaType;
import static dev.vamana.server.RequestInput.unsupportedType;
import static dev.vamana.server.RequestInput.onlyFields;
import static dev.vamana.server.RequestInput.given;
import static dev.vamana.server.RequestInput.fileType;
import static dev.vamana.server.RequestInput.checkBoundary;
import static dev.vamana.server.RequestInput.textField;
import static dev.vamana.server.VamanaServer.json;

/**
 * The JSON API handlers. Stateless apart from the shared collection manager and embedding executor; safe to
 * call from many request threads at once.
 */
final class ApiRoutes {
    private static final Set<String> SEARCH_FIELDS = Set.of("query", "vector", "k", "mode", "filter");
    private static final Set<String> FILTER_FIELDS = Set.of("pathPrefix", "fileTypes", "fileType");
    private static final Set<String> DOC_FIELDS = Set.of("text", "title", "path", "fileType");
    private static final Set<String> UPLOAD_FIELDS = Set.of("path", "title");
    /**
     * Most chunks of one document added over HTTP (about 330,000 words; some 40 s of embedding on two idle cores):
     * each add is answered when it is embedded, so a larger one would hold its client past any timeout. The system
     * property {@code vamana.maxDocumentChunks} changes it; folders go through {@code ./vamana ingest} uncapped.
     */
    static final int MAX_DOCUMENT_CHUNKS = 2000;
    /** Upload paths are stored under this prefix. */
    static final String UPLOAD_PREFIX = "upload/";

    private final CollectionManager collections;
    private final ExecutorService embedPool;
    private final ServerOptions options;
    private final KeyedLocks pathLocks = new KeyedLocks();

    ApiRoutes(CollectionManager collections, ExecutorService embedPool, ServerOptions options) {
        this.collections = collections;
        this.embedPool = embedPool;
        this.options = options;
    }

    private static Map<String, Object> info(Collection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("documents", c.documentCount());
        m.put("chunks", c.chunkCount());
        m.put("fileTypes", c.store().fileTypeCounts());
        m.put("model", c.embedder().name());
        m.put("dimension", c.embedder().dimension());
        return m;
    }

    /**
     * The collection name in the path, checked. A name too long to be one is cut before the check, which then
     * fails, so that the error repeats only the start of it.
     */
    private static String collectionName(Context ctx) {
        return CollectionManager.checkName(clip(ctx.pathParam("name")));
    }

    /** The collection named in the path; a 404 that names it (but not the server's data folder) when it does not exist. */
    private Collection existing(Context ctx) {
        String name = collectionName(ctx);
        try {
            return collections.get(name);
        } catch (NotFoundException e) {
            throw new ApiException(404, "collection '" + name + "' not found");
        }
    }

    void listCollections(Context ctx) throws Exception {
        List<Object> out = new ArrayList<>();
        for (String name : collections.names()) out.add(info(collections.get(name)));
        json(ctx, 200, Map.of("collections", out));
    }

    void collectionInfo(Context ctx) throws Exception {
        json(ctx, 200, info(existing(ctx)));
    }

    void listDocuments(Context ctx) throws Exception {
        Collection c = existing(ctx);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", 50, 1, 1000);
        List<Object> docs = new ArrayList<>();
        for (DocumentInfo d : c.store().documents(offset, limit)) docs.add(doc(d));
        json(ctx, 200, Map.of("documents", docs, "total", c.documentCount(), "offset", offset));
    }

    private static Map<String, Object> doc(DocumentInfo d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("path", d.path());
        m.put("title", d.title());
        m.put("fileType", d.fileType());
        m.put("modified", d.modifiedMillis());
        m.put("size", d.sizeBytes());
        m.put("chunks", d.chunkCount());
        return m;
    }

    private byte[] body(Context ctx) {
        checkLength(ctx);
        return ctx.bodyAsBytes();
    }

    /** A 413 when the declared length is over {@code --max-body-mb} (a chunked body is checked as it is read). */
    private void checkLength(Context ctx) {
        if (ctx.contentLength() > options.maxBodyBytes()) throw tooLarge();
    }

    /** The error for a body over {@code --max-body-mb}: the limit in the option's unit (KB when it is under one MB). */
    ApiException tooLarge() {
        long max = options.maxBodyBytes();
        String limit = max % (1 << 20) == 0 ? (max >> 20) + " MB" : max % 1024 == 0 ? (max >> 10) + " KB" : max + " bytes";
        return new ApiException(413, "body: larger than the limit of " + limit + " (--max-body-mb)");
    }

    /** A document as the client sent it: its path (the document's key) and how to store it. */
    private record Addition(String path, ToLongFunction<Ingestor> store) {}

    void addDocument(Context ctx) throws Exception {
        String name = collectionName(ctx);
        String type = mediaType(ctx);
        Addition add;
        if (type.equals("multipart/form-data")) {
            add = upload(ctx);
        } else if (isJson(ctx)) {
            add = textDocument(ctx);
        } else {
            throw unsupportedType(ctx, "application/json or multipart/form-data", "'{\"text\":\"...\"}', or upload a file with curl -F file=@FILE");
        }
        Collection c = collections.getOrCreate(name);
        Ingestor ingestor = new Ingestor(c, embedPool).maxChunks(Integer.getInteger("vamana.maxDocumentChunks", MAX_DOCUMENT_CHUNKS));
        // the path is the document's key: adding it again replaces the stored document, which the answer reports;
        // adds of one path take turns so that each reports the document it replaced
        long[] ids = pathLocks.call(name + "/" + add.path(), () -> {
            DocumentInfo earlier = c.store().documentByPath(add.path());
            return new long[]{add.store().applyAsLong(ingestor), earlier == null ? -1 : earlier.id()};
        });
        DocumentInfo d = c.store().document(ids[0]);
        Map<String, Object> out = d == null ? new LinkedHashMap<>(Map.of("id", ids[0], "path", add.path())) : doc(d);
        out.put("replaced", ids[1] >= 0);
        if (ids[1] >= 0) out.put("replacedId", ids[1]);
        json(ctx, 201, out);
    }

    /**
     * An upload: one file part named {@code file}, and optional fields {@code path} (default
     * {@code upload/FILE_NAME}) and {@code title} (default: from the file), checked as a JSON document's are.
     */
    private Addition upload(Context ctx) throws Exception {
        checkLength(ctx);
        checkBoundary(ctx.header("Content-Type"));
        multipart(ctx::uploadedFileMap); // parses the body with the server's multipart limits
        List<Part> files = new ArrayList<>();
        Map<String, String> fields = new HashMap<>();
        for (Part part : multipart(() -> ctx.req().getParts())) {
            String name = part.getName();
            if (name.equals("file") && part.getSubmittedFileName() != null) {
                files.add(part);
            } else if (UPLOAD_FIELDS.contains(name) && part.getSubmittedFileName() == null) {
                String value;
                try (InputStream in = part.getInputStream()) {
                    value = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (fields.put(name, value) != null) throw new ApiException(400, name + ": given more than once, expected once");
            } else {
                throw new ApiException(400, "body: unexpected multipart part '" + clip(name) + "', expected a file named 'file' and"
                        + " optional fields 'path' and 'title'");
            }
        }
        if (files.isEmpty()) throw new ApiException(400, "file: expected a multipart part named 'file' with a file name");
        if (files.size() > 1) throw new ApiException(400, "file: expected one file, got " + files.size() + " (upload one file per request)");
        String title = given("title", fields.get("title"));
        String path = given("path", fields.get("path"));
        Part f = files.getFirst();
        String fileName = f.getSubmittedFileName().replace('\\', '/');
        String baseName = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (baseName.isBlank()) throw new ApiException(400, "file: expected a file name");
        byte[] content;
        try (InputStream in = f.getInputStream()) {
            content = in.readAllBytes();
        }
        String key = path == null ? UPLOAD_PREFIX + baseName : path;
        return new Addition(key, ingestor -> ingestor.addFile(key, title, baseName, content));
    }

    private Addition textDocument(Context ctx) throws Exception {
        JsonNode n = parseObject(body(ctx));
        onlyFields(n, DOC_FIELDS, "body");
        JsonNode text = n.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) throw new ApiException(400, "text: expected a non-empty string");
        String title = given("title", textField(n, "title", null));
        String given = given("path", textField(n, "path", null));
        String path = given == null ? "text/" + UUID.randomUUID() : given;
        String fileType = fileType("fileType", textField(n, "fileType", "txt"));
        return new Addition(path, ingestor -> ingestor.addText(path, title == null ? path : title, fileType, text.asText()));
    }

    /** Reads the parts of a multipart body; a body that does not parse is the client's error (400), not ours. */
    private <T> T multipart(java.util.concurrent.Callable<T> read) throws Exception {
        try {
            return read.call();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage()).toLowerCase();
                if (m.contains("max") || m.contains("exceed") || m.contains("too large")) {
                    throw tooLarge();
                }
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                    throw new ApiException(400, "body: malformed multipart/form-data (every part needs a Content-Disposition"
                            + " header, and the body must end with --BOUNDARY--)");
                }
            }
            throw e;
        }
    }

    void deleteDocument(Context ctx) throws Exception {
        Collection c = existing(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "id: expected an integer document id, got '" + clip(ctx.pathParam("id")) + "'");
        }
        if (!c.deleteDocument(id)) throw new NotFoundException("document " + id + " not found in collection '" + c.name() + "'");
        json(ctx, 200, Map.of("deleted", id));
    }

    void search(Context ctx) throws Exception {
        Collection c = existing(ctx);
        long t0 = System.nanoTime();
        if (!isJson(ctx)) throw unsupportedType(ctx, "application/json", "'{\"query\":\"...\"}'");
        SearchQuery q = parseSearch(parseObject(body(ctx)));
        List<SearchHit> hits = c.search(q);
        List<Object> results = new ArrayList<>(hits.size());
        int rank = 1;
        for (SearchHit h : hits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", rank++);
            m.put("score", h.score());
            m.put("chunkId", h.chunkId());
            m.put("documentId", h.documentId());
            m.put("path", h.path());
            m.put("title", h.title());
            m.put("fileType", h.fileType());
            m.put("position", h.position());
            m.put("modified", h.modifiedMillis());
            m.put("text", h.text());
            m.put("highlighted", h.highlighted());
            results.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("collection", c.name());
        out.put("mode", q.mode().name().toLowerCase());
        out.put("k", q.k());
        out.put("tookMs", (System.nanoTime() - t0) / 1e6);
        out.put("results", results);
        json(ctx, 200, out);
    }

    static SearchQuery parseSearch(JsonNode n) {
        onlyFields(n, SEARCH_FIELDS, "body");
        String text = null;
        float[] vector = null;
        JsonNode qn = n.get("query");
        if (qn != null && !qn.isNull()) {
            if (!qn.isTextual()) throw new ApiException(400, "query: expected a string");
            text = qn.asText();
        }
        JsonNode vn = n.get("vector");
        if (vn != null && !vn.isNull()) {
            if (!vn.isArray() || vn.isEmpty()) throw new ApiException(400, "vector: expected a non-empty array of numbers");
            if (vn.size() > 4096) throw new ApiException(400, "vector: expected at most 4096 numbers");
            vector = new float[vn.size()];
            for (int i = 0; i < vector.length; i++) {
                JsonNode x = vn.get(i);
                if (!x.isNumber() || !Double.isFinite(x.asDouble())) throw new ApiException(400, "vector[" + i + "]: expected a finite number");
                vector[i] = (float) x.asDouble();
            }
        }
        int k = 10;
        JsonNode kn = n.get("k");
        if (kn != null && !kn.isNull()) {
            if (!kn.canConvertToInt() || !kn.isIntegralNumber()) throw new ApiException(400, "k: expected an integer 1.." + SearchQuery.MAX_K);
            k = kn.asInt();
        }
        JsonNode mn = n.get("mode");
        if (mn != null && !mn.isNull() && !mn.isTextual()) throw new ApiException(400, "mode: expected \"vector\" or \"hybrid\"");
        SearchQuery.Mode mode = SearchQuery.Mode.parse(mn == null || mn.isNull() ? null : clip(mn.asText())); // no mode is long
        String prefix = null;
        List<String> types = new ArrayList<>();
        JsonNode f = n.get("filter");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) throw new ApiException(400, "filter: expected an object with pathPrefix and/or fileTypes");
            onlyFields(f, FILTER_FIELDS, "filter");
            JsonNode p = f.get("pathPrefix");
            if (p != null && !p.isNull()) {
                if (!p.isTextual()) throw new ApiException(400, "filter.pathPrefix: expected a string");
                prefix = p.asText();
            }
            JsonNode ft = f.get("fileType");
            if (ft != null && !ft.isNull()) {
                if (!ft.isTextual()) throw new ApiException(400, "filter.fileType: expected a string");
                types.add(fileType("filter.fileType", ft.asText()));
            }
            JsonNode fts = f.get("fileTypes");
            if (fts != null && !fts.isNull()) {
                if (!fts.isArray()) throw new ApiException(400, "filter.fileTypes: expected an array of strings");
                for (int i = 0; i < fts.size(); i++) {
                    if (!fts.get(i).isTextual()) throw new ApiException(400, "filter.fileTypes: expected an array of strings");
                    types.add(fileType("filter.fileTypes[" + i + "]", fts.get(i).asText()));
                }
            }
        }
        return new SearchQuery(text, vector, k, mode, prefix, types);
    }
}
