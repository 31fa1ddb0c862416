package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.VamanaVectorIndex;
import dev.vamana.embed.Embedder;
import dev.vamana.embed.Embedders;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Base of the document-search subcommands (ingest, serve, query, demo): the shared {@code --data} option
 * (default {@code $VAMANA_DATA}, else {@code ~/.vamana}), the collection manager, and the one-line error
 * report ({@code vamana: error: ...}, exit code 1) for errors a user can cause.
 *
 * <p>Not thread-safe: one instance per invocation, as picocli makes it.
 */
abstract class DocSearchCommand implements Callable<Integer> {
    /** Held so that the level set below sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

    static {
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING); // Lucene logs its SIMD set-up at INFO on every start
    }
    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "DATA_DIR",
            description = "Folder holding the collections (default: $VAMANA_DATA, else ~/.vamana).")
    Path data;

    /** Does the work; returns the exit code. */
    abstract int execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (VamanaException e) {
            err().println("vamana: error: " + e.getMessage());
            err().flush();
            return 1;
        }
    }

    /** A usage error (one line and exit code 2, as picocli's own). */
    picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The data folder: --data, else $VAMANA_DATA, else ~/.vamana. */
    Path dataDir() {
        if (data != null) return data;
        String env = System.getenv("VAMANA_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".vamana");
    }

    /** A manager over the data folder with the default embedding model and the Vamana graph index. */
    CollectionManager manager() {
        Embedder embedder = Embedders.create(Embedders.defaultName());
        return new CollectionManager(dataDir(), embedder, VamanaVectorIndex.factory());
    }
}
