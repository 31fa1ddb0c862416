package dev.vamana.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vamana.collection.CollectionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ServerApiTest {
    @TempDir static Path data;
    static CollectionManager manager;
    static VamanaServer server;
    static VamanaServer keyed;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        manager = TestServers.manager(data);
        server = new VamanaServer(manager, new ServerOptions("127.0.0.1", 0, null, 64 * 1024)).start();
        keyed = new VamanaServer(manager, new ServerOptions("127.0.0.1", 0, "s3cret", 64 * 1024)).start();
        String[][] docs = {
                {"/notes/astro/mars.txt", "Mars is the fourth planet from the Sun and has a thin carbon dioxide atmosphere."},
                {"/notes/kitchen/bread.txt", "Knead the dough for ten minutes, let it rise, then bake the bread until golden."},
                {"/notes/pets/cat.md", "Cats are small carnivorous mammals that purr and hunt mice at night."}};
        for (String[] d : docs) {
            String body = VamanaServer.JSON.writeValueAsString(java.util.Map.of("text", d[1], "path", d[0], "fileType", d[0].substring(d[0].lastIndexOf('.') + 1)));
            assertThat(send("POST", "/collections/notes/documents", body, "application/json").statusCode()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        keyed.close();
        manager.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        return send(server, method, path, body, contentType, null);
    }

    static HttpResponse<String> send(VamanaServer s, String method, String path, String body, String contentType, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url().replaceAll("/$", "") + path));
        if (contentType != null) b.header("Content-Type", contentType);
        if (key != null) b.header("Authorization", "Bearer " + key);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        // a large body waits for the server's verdict (as curl does): a 413 sent while the body is
        // still being written can otherwise reach the client as a reset connection
        if (body != null && body.length() > 64 * 1024) b.expectContinue(true);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return VamanaServer.JSON.readTree(r.body());
    }

    static void assertJsonError(HttpResponse<String> r, int status, String mentions) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode n = json(r);
        assertThat(n.get("error").asText()).containsIgnoringCase(mentions);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.vamana.");
    }

    @Test
    void searchReturnsTheMatchingChunkWithScorePathAndHighlight() throws Exception {
        var r = send("POST", "/collections/notes/search", "{\"query\":\"which planet has a thin atmosphere\",\"k\":2}", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode top = json(r).get("results").get(0);
        assertThat(top.get("path").asText()).isEqualTo("/notes/astro/mars.txt");
        assertThat(top.get("highlighted").asText()).contains("<mark>atmosphere</mark>");
        assertThat(top.get("score").asDouble()).isGreaterThan(0.3);
        assertThat(top.get("position").asInt()).isZero();
        var hybrid = json(send("POST", "/collections/notes/search",
                "{\"query\":\"bake bread\",\"mode\":\"hybrid\",\"filter\":{\"pathPrefix\":\"/notes/kitchen/\"}}", "application/json"));
        assertThat(hybrid.get("results")).hasSize(1);
        assertThat(hybrid.get("results").get(0).get("title").asText()).isEqualTo("/notes/kitchen/bread.txt");
        var md = json(send("POST", "/collections/notes/search", "{\"query\":\"animals\",\"filter\":{\"fileTypes\":[\"md\"]}}", "application/json"));
        assertThat(md.get("results")).allSatisfy(h -> assertThat(h.get("fileType").asText()).isEqualTo("md"));
        float[] v = TestServers.EMBEDDER.embed("purring pets");
        var byVector = json(send("POST", "/collections/notes/search", VamanaServer.JSON.writeValueAsString(java.util.Map.of("vector", v, "k", 1)), "application/json"));
        assertThat(byVector.get("results").get(0).get("path").asText()).isEqualTo("/notes/pets/cat.md");
    }

    @Test
    void badRequestsGetJsonFourHundredsNeverStackTraces() throws Exception {
        assertJsonError(send("POST", "/collections/notes/search", "{not json", "application/json"), 400, "JSON");
        assertJsonError(send("POST", "/collections/notes/search", "[1,2]", "application/json"), 400, "object");
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"x\",\"bogus\":1}", "application/json"), 400, "bogus");
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"x\",\"k\":0}", "application/json"), 400, "k:");
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"x\",\"k\":1001}", "application/json"), 400, "k:");
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"x\",\"k\":\"ten\"}", "application/json"), 400, "k:");
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"" + "a".repeat(2500) + "\"}", "application/json"), 400, "2000");
        assertJsonError(send("POST", "/collections/notes/search", "{\"vector\":[1,2,3]}", "application/json"), 400, "384");
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"x\",\"mode\":\"fuzzy\"}", "application/json"), 400, "mode");
        assertJsonError(send("POST", "/collections/notes/search", "{}", "application/json"), 400, "query");
        assertJsonError(send("POST", "/collections/missing/search", "{\"query\":\"x\"}", "application/json"), 404, "missing");
        assertJsonError(send("POST", "/collections/..%2Fetc/documents", "{\"text\":\"x\"}", "application/json"), 400, "collection name");
        assertJsonError(send("GET", "/no/such/thing", null, null), 404, "not found");
        assertJsonError(send("DELETE", "/collections/notes/documents/abc", null, null), 400, "id");
        assertJsonError(send("DELETE", "/collections/notes/documents/999999", null, null), 404, "999999");
        assertJsonError(send("POST", "/collections/notes/documents", "hello", "text/plain"), 415, "Content-Type");
        assertJsonError(send("POST", "/collections/notes/documents", "{\"text\":\"" + "word ".repeat(20000) + "\"}", "application/json"), 413, "limit");
        assertJsonError(send("POST", "/collections/notes/documents", "{\"text\":\"  \"}", "application/json"), 400, "text");
    }

    @Test
    void addedDocumentIsFoundAndDeletedDocumentIsGoneAtOnce() throws Exception {
        var add = send("POST", "/collections/scratch/documents", "{\"text\":\"Penguins huddle together to survive the Antarctic winter.\",\"title\":\"Penguins\"}", "application/json");
        assertThat(add.statusCode()).isEqualTo(201);
        long id = json(add).get("id").asLong();
        var hit = json(send("POST", "/collections/scratch/search", "{\"query\":\"antarctic birds in the cold\",\"k\":1}", "application/json"));
        assertThat(hit.get("results").get(0).get("documentId").asLong()).isEqualTo(id);
        assertThat(send("DELETE", "/collections/scratch/documents/" + id, null, null).statusCode()).isEqualTo(200);
        var after = json(send("POST", "/collections/scratch/search", "{\"query\":\"antarctic birds in the cold\",\"k\":1}", "application/json"));
        assertThat(after.get("results")).isEmpty();
    }

    @Test
    void multipartUploadIsExtractedAndSearchable() throws Exception {
        String boundary = "----vamana" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lighthouse.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n# Lighthouses\nA lighthouse keeper tends the lamp that guides ships along the rocky coast.\r\n--" + boundary + "--\r\n";
        var r = send("POST", "/collections/notes/documents", body, "multipart/form-data; boundary=" + boundary);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("path").asText()).isEqualTo("upload/lighthouse.md");
        var hit = json(send("POST", "/collections/notes/search", "{\"query\":\"guiding ships near the shore\",\"k\":1}", "application/json"));
        assertThat(hit.get("results").get(0).get("title").asText()).isEqualTo("Lighthouses");
    }

    @Test
    void malformedMultipartBodiesGetAFourHundredAndCreateNothing() throws Exception {
        String part = "--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello";
        assertJsonError(send("POST", "/collections/torn/documents", "garbage", "multipart/form-data"), 400, "boundary");
        assertJsonError(send("POST", "/collections/torn/documents", "garbage", "multipart/form-data; boundary="), 400, "boundary");
        assertJsonError(send("POST", "/collections/torn/documents", "garbage", "multipart/form-data; boundary=xx"), 400, "multipart");
        assertJsonError(send("POST", "/collections/torn/documents", part, "multipart/form-data; boundary=xx"), 400, "multipart");
        assertThat(manager.exists("torn")).isFalse();
    }

    @Test
    void aChunkedBodyOverTheLimitGetsFourThirteen() throws Exception {
        String upload = "--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
                + "word ".repeat(20000) + "\r\n--xx--\r\n";
        String text = "{\"text\":\"" + "word ".repeat(20000) + "\"}";
        for (String[] c : new String[][]{{upload, "multipart/form-data; boundary=xx"}, {text, "application/json"}}) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + "collections/torn/documents"))
                    .header("Content-Type", c[1]).expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(c[0]))).build();
            try (HttpClient own = HttpClient.newHttpClient()) { // the server closes this connection after its 413
                assertJsonError(own.send(req, HttpResponse.BodyHandlers.ofString()), 413, "larger than the limit of 64 KB (--max-body-mb)");
            }
        }
    }

    @Test
    void theSizeLimitIsGivenInTheOptionsUnit() throws Exception {
        var r = send("POST", "/collections/notes/documents", "{\"text\":\"" + "word ".repeat(20000) + "\"}", "application/json");
        assertJsonError(r, 413, "body: larger than the limit of 64 KB (--max-body-mb)");
        assertThat(new ApiRoutes(manager, null, ServerOptions.local(0)).tooLarge().getMessage())
                .isEqualTo("body: larger than the limit of 32 MB (--max-body-mb)");
    }

    @Test
    void longInputIsRepeatedInAnErrorOnlyInPart() throws Exception {
        String q = "q".repeat(300);
        String search = "/collections/notes/search";
        List<HttpResponse<String>> errors = List.of(
                send("GET", "/collections/" + q, null, null),
                send("POST", "/collections/" + q + "/documents", "{\"text\":\"x\"}", "application/json"),
                send("GET", "/collections/notes/documents?limit=" + q, null, null),
                send("DELETE", "/collections/notes/documents/" + q, null, null),
                send("POST", search, "{\"" + q + "\":1}", "application/json"),
                send("POST", search, "{\"query\":\"x\",\"mode\":\"" + q + "\"}", "application/json"),
                send("POST", search, "{\"query\":\"x\",\"filter\":{\"fileType\":\"" + q + "\"}}", "application/json"),
                send("POST", search, q, "application/json"),
                send("POST", search, "{}", "text/" + q),
                send("POST", search, "{}", "application/json; charset=" + q),
                send("POST", "/collections/notes/documents", "{}", "text/" + q),
                postForm("notes", file("file", "a.txt", "words"), field(q, "blue")),
                send(q.toUpperCase().substring(0, 100), "/collections/notes", null, null),
                send("GET", "/" + q, null, null),
                send("PUT", "/collections/notes/documents/" + q, null, null));
        for (var r : errors) {
            assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
            assertThat(r.body()).as("cut to 64 characters").containsPattern("(?i)q{20,64}\\.\\.\\.").doesNotContainIgnoringCase("q".repeat(65));
        }
    }

    /** Sends a request as it is written (HttpClient will not send a malformed URI) and returns the whole answer. */
    static String raw(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void requestsRefusedBeforeAnyRouteGetJsonErrorsToo() throws Exception {
        String[][] cases = {
                {"GET /collections/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "400", "HTTP: Bad Request"},
                {"GET /collections/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "414", "HTTP: URI Too Long"},
                {"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\nConnection: close\r\n\r\n", "431",
                        "HTTP: Request Header Fields Too Large"}};
        for (String[] c : cases) {
            String answer = raw(c[0]);
            assertThat(answer).as(c[1]).startsWith("HTTP/1.1 " + c[1] + " ").containsIgnoringCase("\r\nContent-Type: application/json");
            JsonNode body = VamanaServer.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("error").asText()).isEqualTo(c[2]);
            assertThat(body.get("status").asInt()).isEqualTo(Integer.parseInt(c[1]));
        }
    }

    @Test
    void errorsNameNoServerPaths() throws Exception {
        String dir = manager.dataDir().toString();
        assertJsonError(send("GET", "/collections/nope", null, null), 404, "collection 'nope' not found");
        assertJsonError(send("GET", "/collections/nope/documents", null, null), 404, "nope");
        assertJsonError(send("POST", "/collections/nope/search", "{\"query\":\"x\"}", "application/json"), 404, "nope");
        assertJsonError(send("DELETE", "/collections/nope/documents/1", null, null), 404, "nope");
        java.nio.file.Files.writeString(data.resolve("blocker"), "a file where a collection folder would go");
        var blocked = send("POST", "/collections/blocker/documents", "{\"text\":\"hello\"}", "application/json");
        assertJsonError(blocked, 400, "blocker");
        for (var r : List.of(send("GET", "/collections/nope", null, null), blocked)) assertThat(r.body()).doesNotContain(dir);
    }

    @Test
    void duplicateJsonKeysAreRejected() throws Exception {
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"x\",\"query\":\"y\"}", "application/json"), 400, "duplicate field 'query'");
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"x\",\"filter\":{\"pathPrefix\":\"/a\",\"pathPrefix\":\"/b\"}}",
                "application/json"), 400, "duplicate field 'pathPrefix'");
        assertJsonError(send("POST", "/collections/notes/documents", "{\"text\":\"one\",\"text\":\"two\"}", "application/json"), 400, "duplicate field 'text'");
    }

    @Test
    void anythingAfterTheJsonValueIsRejected() throws Exception {
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"trails\",\"k\":1}  trailing", "application/json"), 400,
                "body: expected valid JSON");
        var twoObjects = send("POST", "/collections/notes/search", "{\"query\":\"trails\"} {\"query\":\"more\"}", "application/json");
        assertJsonError(twoObjects, 400, "nothing after it");
        assertThat(twoObjects.body()).doesNotContainIgnoringCase("jackson").doesNotContain("TRAILING_TOKENS");
        assertJsonError(send("POST", "/collections/trailing/documents", "{\"text\":\"x\"}]", "application/json"), 400, "body: expected valid JSON");
        assertThat(manager.exists("trailing")).isFalse();
        assertThat(send("POST", "/collections/notes/search", "{\"query\":\"trails\"} \r\n\t", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void jsonDocumentsNeedANonBlankPathAndAPlainFileType() throws Exception {
        String docs = "/collections/strict/documents";
        assertJsonError(send("POST", docs, "{\"text\":\"x\",\"path\":\"\"}", "application/json"), 400, "path");
        assertJsonError(send("POST", docs, "{\"text\":\"x\",\"path\":\"  \"}", "application/json"), 400, "path");
        assertJsonError(send("POST", docs, "{\"text\":\"x\",\"title\":\"\"}", "application/json"), 400, "title");
        assertJsonError(send("POST", docs, "{\"text\":\"x\",\"fileType\":\"../../etc\"}", "application/json"), 400, "fileType");
        assertJsonError(send("POST", docs, "{\"text\":\"x\",\"fileType\":\"\"}", "application/json"), 400, "fileType");
        assertJsonError(send("POST", docs, "{\"text\":\"x\",\"fileType\":\"elevenchars\"}", "application/json"), 400, "fileType");
        assertThat(manager.exists("strict")).isFalse();
        var ok = send("POST", docs, "{\"text\":\"Otters hold hands while they sleep.\",\"fileType\":\".MD\"}", "application/json");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(json(ok).get("fileType").asText()).isEqualTo("md");
        assertThat(json(send("GET", "/collections/strict", null, null)).get("fileTypes").properties()).extracting(Map.Entry::getKey).containsExactly("md");
    }

    @Test
    void searchFileTypesAreCheckedAsADocumentsAre() throws Exception {
        String search = "/collections/notes/search";
        assertJsonError(send("POST", search, "{\"query\":\"x\",\"filter\":{\"fileType\":\"p/df\"}}", "application/json"), 400,
                "filter.fileType: expected 1-10 letters or digits");
        assertJsonError(send("POST", search, "{\"query\":\"x\",\"filter\":{\"fileType\":\"  \"}}", "application/json"), 400, "filter.fileType:");
        assertJsonError(send("POST", search, "{\"query\":\"x\",\"filter\":{\"fileTypes\":[\"md\",\"\"]}}", "application/json"), 400,
                "filter.fileTypes[1]:");
        assertJsonError(send("POST", search, "{\"query\":\"x\",\"filter\":{\"fileTypes\":[\"elevenchars\"]}}", "application/json"), 400,
                "filter.fileTypes[0]:");
        for (String type : List.of("\".MD\"", "\"markdown\"", "\"Md\"")) {
            var r = send("POST", search, "{\"query\":\"animals\",\"filter\":{\"fileTypes\":[" + type + "]}}", "application/json");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("results")).as(type).isNotEmpty().allSatisfy(h -> assertThat(h.get("fileType").asText()).isEqualTo("md"));
        }
    }

    @Test
    void postingAnExistingPathReplacesTheDocumentAndSaysSo() throws Exception {
        String docs = "/collections/replace/documents";
        var first = json(send("POST", docs, "{\"text\":\"Tulips flower in spring.\",\"path\":\"/garden/tulips.txt\"}", "application/json"));
        assertThat(first.get("replaced").asBoolean()).isFalse();
        assertThat(first.has("replacedId")).isFalse();
        var second = send("POST", docs, "{\"text\":\"Tulips flower in April.\",\"path\":\"/garden/tulips.txt\"}", "application/json");
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(json(second).get("replaced").asBoolean()).isTrue();
        assertThat(json(second).get("replacedId").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(json(second).get("id").asLong()).isNotEqualTo(first.get("id").asLong());
        assertThat(json(send("GET", "/collections/replace", null, null)).get("documents").asLong()).isEqualTo(1);
        assertJsonError(send("DELETE", docs + "/" + first.get("id").asLong(), null, null), 404, "not found");
    }

    @Test
    void concurrentPostsOfOnePathEachReportWhatTheyReplaced() throws Exception {
        String body = "{\"text\":\"Herons stand still in shallow water.\",\"path\":\"/birds/heron.txt\"}";
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) fs.add(clients.submit(() -> json(send("POST", "/collections/race/documents", body, "application/json"))));
            List<Long> ids = new ArrayList<>();
            List<Long> replaced = new ArrayList<>();
            for (Future<JsonNode> f : fs) {
                ids.add(f.get().get("id").asLong());
                if (f.get().get("replaced").asBoolean()) replaced.add(f.get().get("replacedId").asLong());
            }
            assertThat(replaced).hasSize(3).doesNotHaveDuplicates();
            assertThat(ids).containsAll(replaced);
        } finally {
            clients.shutdownNow();
        }
    }

    /** A multipart/form-data body of the given parts (each from {@link #field} or {@link #file}), posted to a collection. */
    static HttpResponse<String> postForm(String collection, String... parts) throws Exception {
        String boundary = "----vamana" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (String p : parts) body.append("--").append(boundary).append("\r\n").append(p).append("\r\n");
        body.append("--").append(boundary).append("--\r\n");
        return send("POST", "/collections/" + collection + "/documents", body.toString(), "multipart/form-data; boundary=" + boundary);
    }

    static String field(String name, String value) {
        return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
    }

    static String file(String name, String fileName, String content) {
        return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\nContent-Type: text/plain\r\n\r\n" + content;
    }

    @Test
    void aDocumentOverTheChunkCapIsA422ThatPointsToTheCliAndIsNotStored() throws Exception {
        String words = "The glacier carved the valley over many thousands of years and left a lake behind it. ".repeat(40);
        String body = VamanaServer.JSON.writeValueAsString(java.util.Map.of("text", words, "path", "/capped/long.txt"));
        System.setProperty("vamana.maxDocumentChunks", "1");
        try {
            var r = send("POST", "/collections/capped/documents", body, "application/json");
            assertJsonError(r, 422, "at most 1 are embedded per document");
            assertThat(r.body()).contains("./vamana ingest");
        } finally {
            System.clearProperty("vamana.maxDocumentChunks");
        }
        assertThat(send("POST", "/collections/capped/documents", body, "application/json").statusCode()).isEqualTo(201);
    }

    @Test
    void uploadsTakeAPathAndATitleAndRejectUnknownOrRepeatedParts() throws Exception {
        String tides = "# Tides\nThe moon pulls the oceans and the tides rise and fall twice a day.";
        var r = postForm("forms", file("file", "tides.md", tides), field("path", "/docs/ocean/tides.md"), field("title", "Ocean tides"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("path").asText()).isEqualTo("/docs/ocean/tides.md");
        assertThat(json(r).get("title").asText()).isEqualTo("Ocean tides");
        assertThat(json(r).get("fileType").asText()).isEqualTo("md");
        assertThat(json(r).get("size").asLong()).as("the file's bytes").isEqualTo(tides.getBytes(StandardCharsets.UTF_8).length);
        var titled = json(postForm("forms", file("file", "tides.md", tides), field("title", "Tides again")));
        assertThat(titled.get("path").asText()).isEqualTo("upload/tides.md");
        assertThat(titled.get("title").asText()).isEqualTo("Tides again");
        assertJsonError(postForm("forms", file("file", "a.txt", "words"), field("colour", "blue")), 400, "colour");
        assertJsonError(postForm("forms", file("file", "a.txt", "words"), file("file", "b.txt", "more words")), 400, "file");
        assertJsonError(postForm("forms", file("file", "a.txt", "words"), file("other", "b.txt", "more words")), 400, "other");
        assertJsonError(postForm("forms", file("file", "a.txt", "words"), field("path", " ")), 400, "path");
        assertJsonError(postForm("forms", file("file", "a.txt", "words"), field("path", "/a"), field("path", "/b")), 400, "path");
        assertJsonError(postForm("forms", field("path", "/a")), 400, "file");
        assertThat(json(send("GET", "/collections/forms", null, null)).get("documents").asLong()).isEqualTo(2);
    }

    @Test
    void aWrongMethodOnAKnownPathIsA405ThatSaysWhatIsAllowed() throws Exception {
        String[][] cases = {
                {"GET", "/collections/notes/search", "POST, OPTIONS"},
                {"PUT", "/collections", "GET, HEAD, OPTIONS"},
                {"PUT", "/collections/", "GET, HEAD, OPTIONS"},
                {"DELETE", "/collections/notes/documents", "GET, HEAD, POST, OPTIONS"},
                {"POST", "/collections/notes/documents/5", "DELETE, OPTIONS"},
                {"PATCH", "/health", "GET, HEAD, OPTIONS"},
                {"FOO", "/collections/notes", "GET, HEAD, OPTIONS"}};
        for (String[] c : cases) {
            var r = send(c[0], c[1], null, null);
            assertJsonError(r, 405, c[0]);
            assertThat(r.headers().firstValue("Allow")).as(c[0] + " " + c[1]).hasValue(c[2]);
        }
        assertJsonError(send("PUT", "/no/such/thing", null, null), 404, "not found");
        var options = send("OPTIONS", "/collections/notes/search", null, null);
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertJsonError(send("OPTIONS", "/no/such/thing", null, null), 404, "not found");
    }

    @Test
    void headAnswersAsGetWouldWithoutABody() throws Exception {
        assertJsonError(send(keyed, "GET", "/collections", null, null, null), 401, "API key");
        assertThat(send(keyed, "HEAD", "/collections", null, null, null).statusCode()).isEqualTo(401);
        var head = send(keyed, "HEAD", "/collections", null, null, "s3cret");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(head.body()).isEmpty();
        assertThat(send("HEAD", "/collections/nope", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void searchTakesOnlyJson() throws Exception {
        assertJsonError(send("POST", "/collections/notes/search", "{\"query\":\"mars\"}", "text/plain"), 415, "Content-Type");
        var form = send("POST", "/collections/notes/search", "{\"query\":\"mars\"}", "application/x-www-form-urlencoded");
        assertJsonError(form, 415, "Content-Type: expected application/json, got 'application/x-www-form-urlencoded'; send the header"
                + " Content-Type: application/json, e.g. curl -H 'Content-Type: application/json' -d '{\"query\":\"...\"}'");
        assertJsonError(send("POST", "/collections/notes/documents", "{\"text\":\"x\"}", "application/x-www-form-urlencoded"), 415,
                "e.g. curl -H 'Content-Type: application/json' -d '{\"text\":\"...\"}', or upload a file with curl -F file=@FILE");
        assertThat(json(send("POST", "/collections/notes/search", "{}", "text/plain")).get("error").asText()).doesNotContain("curl");
        assertThat(send("POST", "/collections/notes/search", "{\"query\":\"mars\"}", "application/json; charset=utf-8").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/collections/notes/search", "{\"query\":\"mars\"}", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownCharsetIsAFourHundredThatNamesIt() throws Exception {
        String search = "{\"query\":\"mars\"}";
        assertJsonError(send("POST", "/collections/notes/search", search, "application/json; charset=bogus"), 400,
                "Content-Type: unknown charset 'bogus'");
        assertJsonError(send("POST", "/collections/charsets/documents", "{\"text\":\"x\"}", "application/json; charset=bogus"), 400,
                "Content-Type: unknown charset 'bogus'");
        String upload = "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--XX--\r\n";
        assertJsonError(send("POST", "/collections/charsets/documents", upload, "multipart/form-data; boundary=XX; charset=bogus"), 400,
                "Content-Type: unknown charset 'bogus'");
        assertJsonError(send("POST", "/collections/notes/search", search, "application/json; charset=\"no such/charset\""), 400,
                "unknown charset 'no such/charset'");
        assertThat(manager.exists("charsets")).isFalse();
        assertThat(send("POST", "/collections/notes/search", search, "application/json; charset=\"UTF-8\"").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/collections/notes/search", search, "Application/JSON;charset=utf-8").statusCode()).isEqualTo(200);
    }

    @Test
    void apiKeyGuardsEverythingButHealth() throws Exception {
        assertThat(send(keyed, "GET", "/health", null, null, null).statusCode()).isEqualTo(200);
        assertJsonError(send(keyed, "GET", "/collections", null, null, null), 401, "API key");
        assertJsonError(send(keyed, "GET", "/collections", null, null, "wrong"), 401, "API key");
        assertJsonError(send(keyed, "GET", "/metrics", null, null, null), 401, "API key");
        var ok = send(keyed, "GET", "/collections", null, null, "s3cret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("collections").findValuesAsText("name")).contains("notes");
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        for (String auth : List.of("bearer s3cret", "BEARER s3cret", "Bearer   s3cret")) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(keyed.url() + "collections")).header("Authorization", auth).build();
            assertThat(HTTP.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).as(auth).isEqualTo(200);
        }
        HttpRequest basic = HttpRequest.newBuilder(URI.create(keyed.url() + "collections")).header("Authorization", "Basic s3cret").build();
        assertJsonError(HTTP.send(basic, HttpResponse.BodyHandlers.ofString()), 401, "API key");
    }

    @Test
    void metricsAndOpenApiAreServed() throws Exception {
        send("GET", "/health", null, null);
        send("POST", "/collections/notes/search", "{\"query\":\"mars\"}", "application/json");
        var m = send("GET", "/metrics", null, null);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(m.body()).contains("# TYPE vamana_http_requests_total counter")
                .contains("vamana_http_requests_total{method=\"POST\",route=\"/collections/{name}/search\",status=\"200\"}")
                .contains("vamana_http_request_duration_seconds_bucket{route=\"/health\",le=\"+Inf\"}")
                .contains("vamana_collection_documents{collection=\"notes\"}");
        JsonNode api = json(send("GET", "/openapi.json", null, null));
        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.get("paths").has("/collections/{name}/search")).isTrue();
        var page = send("GET", "/", null, null);
        assertThat(page.body()).contains("<title>Vamana search</title>").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theUploadOffersEveryExtensionTheExtractorReads() throws Exception {
        var m = java.util.regex.Pattern.compile("id=\"upload-file\" type=\"file\" accept=\"([^\"]*)\"").matcher(send("GET", "/", null, null).body());
        assertThat(m.find()).as("the upload input's accept list").isTrue();
        assertThat(m.group(1).split(",")).containsExactlyInAnyOrderElementsOf(
                dev.vamana.embed.TextExtractor.SUPPORTED.stream().map(e -> "." + e).toList());
    }

    /** What {@code run} printed on System.err (where the server's log goes). */
    static String stderrOf(Runnable run) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(saved);
        }
        return err.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void openApiDescribesEveryEndpointWithTheErrorsItGives() throws Exception {
        JsonNode paths = json(send(keyed, "GET", "/openapi.json", null, null, "s3cret")).get("paths");
        List<String> described = new ArrayList<>();
        paths.properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) described.add(m.toUpperCase() + " " + p.getKey());
        }));
        List<String> served = new ArrayList<>();
        for (VamanaServer.Route route : keyed.endpoints()) {
            if (List.of("/", "/app.js", "/style.css").contains(route.path())) continue; // the web page, not the API
            String method = route.method().name();
            served.add(method + " " + route.path());
            JsonNode op = paths.path(route.path()).path(method.toLowerCase());
            assertThat(op.isObject()).as("openapi.json describes " + method + " " + route.path()).isTrue();
            JsonNode responses = op.get("responses");
            String path = route.path().replace("{id}", "1");
            String as = method + " " + route.path() + " gives %s";
            int withoutKey = send(keyed, method, path.replace("{name}", "notes"), null, null, null).statusCode();
            assertThat(withoutKey).as(as, "its status without the key").isEqualTo(route.needsKey() ? 401 : 200);
            assertThat(responses.has("401")).as(as, "401").isEqualTo(route.needsKey());
            if (route.path().contains("{name}")) {
                assertThat(send(method, path.replace("{name}", "-bad-"), "{}", "application/json").statusCode()).as(as, 400).isEqualTo(400);
                assertThat(responses.has("400")).as(as, "400").isTrue();
                boolean missing = send(method, path.replace("{name}", "nope"), "{\"query\":\"x\"}", "application/json").statusCode() == 404;
                assertThat(responses.has("404")).as(as, "404").isEqualTo(missing);
            }
            if (route.method() == io.javalin.http.HandlerType.POST) {
                assertThat(send(method, path.replace("{name}", "notes"), "{}", "text/plain").statusCode()).as(as, 415).isEqualTo(415);
                assertThat(send(method, path.replace("{name}", "notes"), "{\"query\":\"" + "x".repeat(70_000) + "\"}", "application/json")
                        .statusCode()).as(as, 413).isEqualTo(413);
                assertThat(responses.has("400") && responses.has("413") && responses.has("415")).as(as, "400, 413, 415").isTrue();
            }
        }
        assertThat(described).containsExactlyInAnyOrderElementsOf(served);
        // every path answers a method it does not take with a 405 (no key needed) whose Allow names the methods described
        for (var p : paths.properties()) {
            List<String> methods = new ArrayList<>();
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (!m.equals("parameters")) methods.add(m.toUpperCase());
            });
            var wrong = send(keyed, "PATCH", p.getKey().replace("{name}", "notes").replace("{id}", "1"), null, null, null);
            assertThat(wrong.statusCode()).as("PATCH " + p.getKey()).isEqualTo(405);
            List<String> allow = new ArrayList<>(methods);
            if (methods.contains("GET")) allow.add("HEAD");
            allow.add("OPTIONS");
            assertThat(wrong.headers().firstValue("Allow").orElse("").split(", ")).as("Allow of " + p.getKey())
                    .containsExactlyInAnyOrderElementsOf(allow);
            for (String m : methods) {
                assertThat(p.getValue().get(m.toLowerCase()).get("responses").has("405")).as(m + " " + p.getKey() + " lists 405").isTrue();
            }
        }
    }

    @Test
    void aPortInUseIsReportedAsAUserErrorWithoutALogLine() {
        var clash = new VamanaServer(manager, ServerOptions.local(server.port()));
        String err = stderrOf(() -> org.assertj.core.api.Assertions.assertThatThrownBy(clash::start)
                .isInstanceOf(dev.vamana.VamanaException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port()).hasMessageContaining("in use"));
        assertThat(err).doesNotContain("Failed to start").doesNotContain("ERROR");
    }

    @Test
    void anUnknownHostIsReportedAsSuch() {
        var nowhere = new VamanaServer(manager, new ServerOptions("999.1.1.1", 0, null, 64 * 1024));
        org.assertj.core.api.Assertions.assertThatThrownBy(nowhere::start).isInstanceOf(dev.vamana.VamanaException.class)
                .hasMessageContaining("cannot listen on 999.1.1.1:0").hasMessageContaining("unknown host").hasMessageNotContaining("null");
    }

    @Test
    void concurrentSearchesAllSucceed() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String q = i % 2 == 0 ? "red planet" : "fresh bread";
                fs.add(clients.submit(() -> send("POST", "/collections/notes/search", "{\"query\":\"" + q + "\",\"k\":3}", "application/json").statusCode()));
            }
            for (Future<Integer> f : fs) assertThat(f.get()).isEqualTo(200);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void collectionsListShowsCounts() throws Exception {
        JsonNode n = json(send("GET", "/collections/notes", null, null));
        assertThat(n.get("documents").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(n.get("fileTypes").get("txt").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode docs = json(send("GET", "/collections/notes/documents?limit=2", null, null));
        assertThat(docs.get("documents")).hasSize(2);
        assertJsonError(send("GET", "/collections/notes/documents?limit=0", null, null), 400, "limit");
    }
}
