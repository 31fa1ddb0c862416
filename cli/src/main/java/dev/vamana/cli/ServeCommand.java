package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.collection.CollectionManager;
import dev.vamana.server.ServerOptions;
import dev.vamana.server.VamanaServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code vamana serve [--port 8080] [--host 127.0.0.1] [--data DATA_DIR] [--api-key K] [--max-body-mb 32]}: serves
 * every collection under the data folder over HTTP (JSON API, /metrics, /openapi.json) and the web page at /, until
 * interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the collections over HTTP with a web page.")
public final class ServeCommand extends DocSearchCommand {
    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default 8080; 0 picks a free one).")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default 127.0.0.1, this machine only).")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Require this key on every endpoint but /health (default: $VAMANA_API_KEY, else none); "
                    + "an empty key is an error.")
    String apiKey;

    /** A request body is read into one Java array, so it stays under 2 GB. */
    static final int MAX_BODY_MB = 2047;

    @Option(names = "--max-body-mb", paramLabel = "MB", description = "Largest request body or upload, 1-2047 (default 32).")
    int maxBodyMb = 32;

    /** Reads the environment (tests give another). */
    UnaryOperator<String> env = System::getenv;

    /** When set (tests), runs once the server is up, then the command stops it and returns, instead of serving until the JVM stops. */
    Consumer<VamanaServer> whileServing;

    @Override
    int execute() throws InterruptedException {
        if (maxBodyMb < 1 || maxBodyMb > MAX_BODY_MB) {
            throw usage("--max-body-mb: expected 1.." + MAX_BODY_MB + " (megabytes), got " + maxBodyMb);
        }
        ServerOptions options = new ServerOptions(host, checkPort(this, port), apiKey(), (long) maxBodyMb << 20);
        return serveOrNot(this, options, true, null, whileServing);
    }

    /** The --port of {@code cmd}; one out of range is a usage error (exit 2), as a port that is not a number is. */
    static int checkPort(DocSearchCommand cmd, int port) {
        if (port < 0 || port > 65535) throw cmd.usage("--port: expected 0..65535 (0 picks a free one), got " + port);
        return port;
    }

    /**
     * The key: --api-key, else $VAMANA_API_KEY, else none. A key given empty (say, from an unset shell variable) is
     * an error rather than a server open to all: a usage error for the option, an error of the environment for the
     * variable.
     */
    private String apiKey() {
        if (apiKey != null) {
            if (apiKey.isBlank()) {
                throw usage("--api-key: the key is empty (an unset variable?); give a key, or leave the option out to serve without one");
            }
            return apiKey;
        }
        String key = env.apply("VAMANA_API_KEY");
        if (key != null && key.isBlank()) {
            throw new VamanaException("VAMANA_API_KEY is set but empty; give it a key, or unset it to serve without one");
        }
        return key;
    }

    /**
     * Opens the command's data folder, runs {@code before} on it, then (when {@code serve}) starts a server,
     * prints its URL and blocks until the JVM is stopped; otherwise closes the collections and returns.
     */
    static int serveOrNot(DocSearchCommand cmd, ServerOptions options, boolean serve,
                          Consumer<CollectionManager> before) throws InterruptedException {
        return serveOrNot(cmd, options, serve, before, null);
    }

    /** As above; a non-null {@code whileServing} runs once the server is up, and then the server stops. */
    static int serveOrNot(DocSearchCommand cmd, ServerOptions options, boolean serve,
                          Consumer<CollectionManager> before, Consumer<VamanaServer> whileServing) throws InterruptedException {
        CollectionManager manager = cmd.manager();
        try {
            if (before != null) before.accept(manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        if (!serve) {
            manager.close();
            return 0;
        }
        VamanaServer server;
        try {
            server = new VamanaServer(manager, options).start();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        cmd.out().println("serving " + manager.names().size() + " collection(s) from " + manager.dataDir()
                + (options.apiKey() != null ? " (API key required)" : ""));
        String where = options.allInterfaces() ? "listening on all interfaces, port " + server.port() + "; on this machine: " : "open ";
        cmd.out().println(where + server.url() + "  (Ctrl-C to stop)");
        cmd.out().flush();
        if (options.apiKey() == null && !options.loopbackOnly()) {
            cmd.err().println("vamana: warning: serving on " + options.host() + " without an API key: anyone who can reach this"
                    + " port can read, add and delete documents (set --api-key or VAMANA_API_KEY)");
            cmd.err().flush();
        }
        if (whileServing != null) {
            try {
                whileServing.accept(server);
            } finally {
                server.close();
                manager.close();
            }
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            manager.close();
            stopped.countDown();
        }, "vamana-shutdown"));
        stopped.await();
        return 0;
    }
}
