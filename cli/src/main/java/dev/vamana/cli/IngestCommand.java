package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.collection.Collection;
import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.IngestListener;
import dev.vamana.collection.IngestReport;
import dev.vamana.collection.Ingestor;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code vamana ingest DIR --collection NAME [--data DATA_DIR] [--lines]}: adds a folder of documents (or, with
 * {@code --lines}, a text file with one passage per line) to a collection, with a progress bar and ETA, a line
 * per skipped file and a summary. Re-runs skip unchanged files, re-index changed ones and delete removed ones. A run
 * that fails before storing anything leaves no new, empty collection behind.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Index a folder of documents (.txt .md .html .pdf .docx .pptx .xlsx; also .text .markdown .htm) into a collection.")
public final class IngestCommand extends DocSearchCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "Folder to ingest (or, with --lines, a text file).")
    Path source;

    @Option(names = "--collection", required = true, paramLabel = "NAME", description = "Collection to add to (created if missing).")
    String collection;

    @Option(names = "--lines", description = "Treat DIR as a text file holding one passage per line.")
    boolean lines;

    @Option(names = "--threads", paramLabel = "N", description = "Embedding threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    int execute() {
        Ingestor.checkSource(source, lines);
        if (threads < 1) throw new VamanaException("--threads: expected at least 1, got " + threads);
        CollectionManager.checkName(collection);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CollectionManager manager = manager()) {
            Collection c = manager.getOrCreate(collection);
            BarListener bar = new BarListener();
            IngestReport r;
            try {
                Ingestor ing = new Ingestor(c, pool);
                r = lines ? ing.ingestLines(source, bar) : ing.ingestFolder(source, bar);
            } catch (RuntimeException e) {
                discard(manager, e);
                throw e;
            } finally {
                bar.close();
            }
            out().println("ingest: " + r.summary());
            out().println("collection " + collection + ": " + counts(c) + " in " + c.folder());
            out().flush();
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    /** After a failed run: removes the collection if this run created it and stored nothing in it. */
    private void discard(CollectionManager manager, RuntimeException failure) {
        try {
            manager.discardIfEmpty(collection);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Draws the progress bar (when stderr is a terminal) and prints skipped files on stderr. */
    private final class BarListener implements IngestListener {
        private ProgressBar bar;

        @Override
        public void started(long total, String unit) {
            var console = System.console();
            if (console == null || !console.isTerminal()) return;
            bar = new ProgressBarBuilder().setTaskName("ingest").setInitialMax(total).setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }

        @Override
        public void progress(long done) {
            if (bar != null) bar.stepTo(done);
        }

        @Override
        public void skipped(String path, String reason) {
            err().println((bar != null ? "\r" : "") + "skipped " + path + ": " + reason);
            err().flush();
        }

        void close() {
            if (bar != null) bar.close();
        }
    }

    /** "1 document, 3 chunks": a collection's counts for a terminal. */
    static String counts(dev.vamana.collection.Collection c) {
        long docs = c.documentCount(), chunks = c.chunkCount();
        return docs + (docs == 1 ? " document, " : " documents, ") + chunks + (chunks == 1 ? " chunk" : " chunks");
    }
}
