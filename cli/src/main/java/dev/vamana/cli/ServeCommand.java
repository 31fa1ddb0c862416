package dev.vamana.cli;

import dev.vamana.collection.CollectionManager;
import dev.vamana.server.ServerOptions;
import dev.vamana.server.VamanaServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;

/**
 * {@code vamana serve [--port 8080] [--host 127.0.0.1] [--data DATA_DIR] [--api-key K]}: serves every collection
 * under the data folder over HTTP (JSON API, /metrics, /openapi.json) and the web page at /, until interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the collections over HTTP with a web page.")
public final class ServeCommand extends DocSearchCommand {
    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default 8080; 0 picks a free one).")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default 127.0.0.1, this machine only).")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Require this key on every endpoint but /health (default: $VAMANA_API_KEY, else none).")
    String apiKey;

    @Option(names = "--max-body-mb", paramLabel = "MB", description = "Largest request body or upload (default 32).")
    int maxBodyMb = 32;

    @Override
    int execute() throws InterruptedException {
        String key = apiKey != null ? apiKey : System.getenv("VAMANA_API_KEY");
        ServerOptions options = new ServerOptions(host, port, key, (long) maxBodyMb << 20);
        return serveOrNot(this, options, true, null);
    }

    /**
     * Opens the command's data folder, runs {@code before} on it, then (when {@code serve}) starts a server,
     * prints its URL and blocks until the JVM is stopped; otherwise closes the collections and returns.
     */
    static int serveOrNot(DocSearchCommand cmd, ServerOptions options, boolean serve,
                          java.util.function.Consumer<CollectionManager> before) throws InterruptedException {
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            manager.close();
            stopped.countDown();
        }, "vamana-shutdown"));
        cmd.out().println("serving " + manager.names().size() + " collection(s) from " + manager.dataDir()
                + (options.apiKey() != null ? " (API key required)" : ""));
        cmd.out().println("open " + server.url() + "  (Ctrl-C to stop)");
        cmd.out().flush();
        stopped.await();
        return 0;
    }
}
