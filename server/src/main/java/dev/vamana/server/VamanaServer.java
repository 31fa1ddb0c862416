package dev.vamana.server;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vamana.VamanaException;
import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.NotFoundException;
import dev.vamana.embed.ExtractionException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The HTTP server: the JSON API over a {@link CollectionManager}, {@code /metrics}, {@code /openapi.json} and
 * the web page at {@code /}, on Javalin (Jetty). Every error is a JSON body {@code {"error": ..., "status": ...}}
 * with a 4xx status for anything a client can cause; no stack trace ever leaves the server.
 *
 * <p>Requests are served concurrently by Jetty's thread pool. The server owns an embedding executor (one
 * thread per core) used for uploads, and closes it on {@link #close()}; it does not close the collections
 * (their owner does).
 */
public final class VamanaServer implements AutoCloseable {
    /**
     * Reads and writes the API's JSON; a key given twice in one object is an error, not "the last one wins", and so
     * is anything but white space after the value. A parse error repeats at most {@link RequestInput#ECHO_MAX}
     * characters of the offending token.
     */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .errorReportConfiguration(ErrorReportConfiguration.builder().maxErrorTokenLength(RequestInput.ECHO_MAX).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    @FunctionalInterface
    interface ApiHandler {
        void handle(Context ctx) throws Exception;
    }

    private final CollectionManager collections;
    private final ServerOptions options;
    private final Metrics metrics = new Metrics();
    private final ExecutorService embedPool;
    private final Javalin app;
    private final ApiRoutes routes;
    private final List<Route> endpoints;
    private final List<Allowed> allowed;

    /** One endpoint: method, path (Javalin's syntax, {@code {name}} is one segment), whether it needs the key, handler. */
    record Route(HandlerType method, String path, boolean needsKey, ApiHandler handler) {}

    /** The methods one path answers, as the {@code Allow} header lists them, and a pattern for the request paths it matches. */
    private record Allowed(String path, Pattern pattern, String methods) {
        private static final List<HandlerType> ORDER = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
                HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

        static List<Allowed> of(List<Route> routes) {
            Map<String, Set<HandlerType>> byPath = new LinkedHashMap<>();
            for (Route r : routes) {
                Set<HandlerType> m = byPath.computeIfAbsent(r.path(), p -> new HashSet<>());
                m.add(r.method());
                if (r.method() == HandlerType.GET) m.add(HandlerType.HEAD);
            }
            List<Allowed> out = new ArrayList<>();
            byPath.forEach((path, methods) -> {
                StringJoiner allow = new StringJoiner(", ");
                for (HandlerType t : ORDER) if (methods.contains(t)) allow.add(t.name());
                allow.add(HandlerType.OPTIONS.name());
                String regex = Arrays.stream(path.split("/", -1)).map(seg -> seg.startsWith("{") ? "[^/]+" : Pattern.quote(seg))
                        .collect(Collectors.joining("/"));
                out.add(new Allowed(path, Pattern.compile(regex), allow.toString()));
            });
            return out;
        }
    }

    public VamanaServer(CollectionManager collections, ServerOptions options) {
        this.collections = collections;
        this.options = options;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.embedPool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vamana-embed");
            t.setDaemon(true);
            return t;
        });
        this.routes = new ApiRoutes(collections, embedPool, options);
        this.endpoints = List.of(
                new Route(HandlerType.GET, "/health", false, ctx -> json(ctx, 200, Map.of("status", "ok"))),
                new Route(HandlerType.GET, "/", false, ctx -> asset(ctx, "index.html", "text/html; charset=utf-8")),
                new Route(HandlerType.GET, "/app.js", false, ctx -> asset(ctx, "app.js", "text/javascript; charset=utf-8")),
                new Route(HandlerType.GET, "/style.css", false, ctx -> asset(ctx, "style.css", "text/css; charset=utf-8")),
                new Route(HandlerType.GET, "/openapi.json", true, ctx ->
                        ctx.status(200).contentType("application/json").result(resource("dev/vamana/server/openapi.json"))),
                new Route(HandlerType.GET, "/metrics", true, ctx ->
                        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render(collections))),
                new Route(HandlerType.GET, "/collections", true, routes::listCollections),
                new Route(HandlerType.GET, "/collections/{name}", true, routes::collectionInfo),
                new Route(HandlerType.GET, "/collections/{name}/documents", true, routes::listDocuments),
                new Route(HandlerType.POST, "/collections/{name}/documents", true, routes::addDocument),
                new Route(HandlerType.DELETE, "/collections/{name}/documents/{id}", true, routes::deleteDocument),
                new Route(HandlerType.POST, "/collections/{name}/search", true, routes::search));
        this.allowed = Allowed.of(endpoints);
        this.app = Javalin.create(cfg -> {
            cfg.http.maxRequestSize = options.maxBodyBytes();
            cfg.jetty.multipartConfig.maxFileSize(options.maxBodyBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(options.maxBodyBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            var r = cfg.routes;
            for (Route route : endpoints) {
                Handler h = wrap(route.path(), route.needsKey(), route.handler());
                r.addHttpHandler(route.method(), route.path(), h);
                if (route.method() == HandlerType.GET) r.head(route.path(), h);
            }
            for (Allowed a : allowed) r.options(a.path(), ctx -> ctx.status(204).header("Allow", a.methods()));
            r.error(404, ctx -> {
                if (!"application/json".equals(ctx.res().getContentType())) error(ctx, 404, "no such endpoint: " + request(ctx));
            });
            r.exception(EndpointNotFound.class, (e, ctx) -> unrouted(ctx));
            r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e));
            r.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error"));
        });
    }

    /**
     * Starts listening; returns this. Checks the data folder and opens every collection under it first; throws a
     * {@link VamanaException} with a one-line reason when it cannot serve (data folder, port, host).
     */
    public VamanaServer start() {
        try {
            checkDataDir(collections.dataDir());
            for (String name : collections.names()) collections.get(name);
            listen();
        } catch (RuntimeException e) {
            embedPool.shutdownNow();
            throw e;
        }
        warmUp();
        return this;
    }

    /** The data folder must be a folder, or not exist yet below one (the first upload creates it). */
    private static void checkDataDir(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) return;
            if (Files.exists(p)) {
                throw new VamanaException(p + ": not a folder; the data folder must be a folder, or a path where one can be created");
            }
        }
    }

    private void listen() {
        String where = "cannot listen on " + options.host() + ":" + options.port();
        try {
            InetAddress.getByName(options.host());
        } catch (UnknownHostException e) {
            throw new VamanaException(where + " (unknown host '" + options.host() + "'); choose another --host");
        }
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw new VamanaException(where + " (" + reason + "); choose another --port or --host");
        }
    }

    /**
     * Loads the embedding model and runs it once on a background thread, so the first search does not wait half a
     * second for the model to load. A search that comes earlier waits for the same load; a failure here is left
     * to the first search to report.
     */
    private void warmUp() {
        Thread t = new Thread(() -> {
            try {
                collections.embedder().embed("warm up");
            } catch (RuntimeException ignored) {
                // the first search runs the model again and answers with the error
            }
        }, "vamana-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The endpoints, in the order they were registered. */
    List<Route> endpoints() {
        return endpoints;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    /**
     * The base URL to open on this machine, e.g. http://127.0.0.1:8080/; when the server listens on all interfaces
     * (0.0.0.0, ::), the loopback one, since the wildcard address is not one to connect to.
     */
    public String url() {
        String host = !options.allInterfaces() ? options.host() : options.host().contains(":") ? "::1" : "127.0.0.1";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + "/";
    }

    private Handler wrap(String route, boolean needsKey, ApiHandler h) {
        return ctx -> {
            long t0 = System.nanoTime();
            try {
                if (needsKey) checkKey(ctx);
                h.handle(ctx);
            } catch (ApiException e) {
                error(ctx, e.status, e.getMessage());
            } catch (NotFoundException e) {
                error(ctx, 404, withoutDataDir(e.getMessage()));
            } catch (ExtractionException e) {
                error(ctx, 422, "document: " + withoutDataDir(e.getMessage()));
            } catch (VamanaException e) {
                error(ctx, 400, withoutDataDir(e.getMessage()));
            } catch (IllegalArgumentException e) {
                // a library's complaint about the request, whose message may be a bare value: said to be about the request
                error(ctx, 400, "bad request: " + withoutDataDir(e.getMessage()));
            } catch (JsonProcessingException e) {
                error(ctx, 400, "body: expected valid JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ") + ")");
            } catch (HttpResponseException e) {
                error(ctx, e);
            } catch (Exception e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("exceeds") || m.contains("too large") || m.contains("Max")) {
                    error(ctx, 413, routes.tooLarge().getMessage());
                } else {
                    System.err.println("vamana server: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                    error(ctx, 500, "internal error");
                }
            }
            metrics.record(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - t0);
        };
    }

    /**
     * A message from the collection layer as a client may read it: the server's data folder left out (a path in it
     * is given relative to it), since where the server keeps its files is none of the client's business.
     */
    private String withoutDataDir(String message) {
        if (message == null) return null;
        String dir = collections.dataDir().toString();
        return message.replace(dir + java.io.File.separator, "").replace(dir, "the data folder");
    }

    /**
     * A request no endpoint took: 405 with {@code Allow} when its path is one the server knows (the method is what is
     * wrong), else 404. Needs no key, like the 404 of an unknown path.
     */
    private void unrouted(Context ctx) {
        String path = ctx.path().length() > 1 && ctx.path().endsWith("/") ? ctx.path().substring(0, ctx.path().length() - 1) : ctx.path();
        for (Allowed a : allowed) {
            if (a.pattern().matcher(path).matches()) {
                ctx.header("Allow", a.methods());
                error(ctx, 405, "method " + RequestInput.clip(ctx.method().name()) + " not allowed on " + RequestInput.clip(ctx.path())
                        + "; allowed: " + a.methods());
                return;
            }
        }
        error(ctx, 404, "endpoint " + request(ctx) + " not found; see /openapi.json");
    }

    /** The request's method and path as an error repeats them (each cut to {@link RequestInput#ECHO_MAX} characters). */
    private static String request(Context ctx) {
        return RequestInput.clip(ctx.method().name()) + " " + RequestInput.clip(ctx.path());
    }

    private void checkKey(Context ctx) {
        String key = options.apiKey();
        if (key == null) return;
        String given = ctx.header("X-API-Key");
        String auth = ctx.header("Authorization");
        // RFC 7235: the scheme name is case-insensitive
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) given = auth.substring(7).strip();
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "missing or wrong API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'");
        }
    }

    static void json(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** Javalin's error answer, in our words where we have them (its 413, for a chunked body, is "Content Too Large"). */
    private void error(Context ctx, HttpResponseException e) {
        error(ctx, e.getStatus(), e.getStatus() == 413 ? routes.tooLarge().getMessage() : e.getMessage());
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(errorBody(status, message));
    }

    /** The body of an error answer: {@code {"error": message, "status": status}}. */
    private static String errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message == null ? "error" : message);
        body.put("status", status);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"error\",\"status\":" + status + "}";
        }
    }

    /**
     * Jetty's own errors, for requests it refuses before any route sees them (a malformed URI or header, a URI or
     * headers too long): JSON like the API's, instead of Jetty's HTML page.
     */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            String status = HttpStatus.getMessage(code);
            String detail = message == null || message.equals(status) ? "" : " (" + RequestInput.clip(message) + ")";
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(errorBody(code, "HTTP: " + status + detail).getBytes(StandardCharsets.UTF_8)), callback);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = VamanaServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new ApiException(404, "resource missing from the jar: " + name);
            return in.readAllBytes();
        }
    }

    private static void asset(Context ctx, String name, String type) throws IOException {
        ctx.status(200).contentType(type).header("Cache-Control", "no-cache").result(resource("dev/vamana/server/web/" + name));
    }

    /** Stops the HTTP server and the embedding executor. */
    @Override
    public void close() {
        app.stop();
        embedPool.shutdownNow();
    }
}
