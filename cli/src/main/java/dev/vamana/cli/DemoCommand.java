package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.collection.Collection;
import dev.vamana.collection.IngestListener;
import dev.vamana.collection.IngestReport;
import dev.vamana.collection.Ingestor;
import dev.vamana.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * {@code vamana demo}: the main job on an embedded default. Ingests a sample corpus that ships inside the jar
 * (the project's README and docs), plus WordNet noun definitions when Debian's {@code wordnet-base} is installed,
 * into the collection "demo", then serves it and prints the URL. Re-runs skip what is already indexed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Index a bundled sample corpus into the collection 'demo' and serve it with the web page.")
public final class DemoCommand extends DocSearchCommand {
    static final String RESOURCES = "dev/vamana/cli/demo";
    static final Path WORDNET_NOUNS = Path.of("/usr/share/wordnet/data.noun");

    /** Where the WordNet noun definitions are read from (a field so that tests can point it elsewhere). */
    Path wordnetNouns = WORDNET_NOUNS;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default 8080).")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default 127.0.0.1).")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(names = "--wordnet", paramLabel = "N",
            description = "Also index the first N WordNet noun definitions when wordnet-base is installed (default 2000; 0: none).")
    int wordnet = 2000;

    @Option(names = "--no-serve", description = "Only ingest; do not start the server.")
    boolean noServe;

    @Override
    int execute() throws Exception {
        return ServeCommand.serveOrNot(this, new ServerOptions(host, ServeCommand.checkPort(this, port), null, ServerOptions.DEFAULT_MAX_BODY), !noServe, manager -> {
            Collection c = manager.getOrCreate("demo");
            Path corpus = manager.dataDir().resolve("demo-corpus");
            ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            try {
                int files = unpackDocs(corpus.resolve("docs"));
                Ingestor ing = new Ingestor(c, pool);
                IngestReport docs = ing.ingestFolder(corpus.resolve("docs"), printSkips());
                out().println("demo: " + files + " bundled documents: " + docs.summary());
                Path lines = corpus.resolve("wordnet-nouns.txt");
                if (wordnet > 0 && Files.isReadable(wordnetNouns)) {
                    int n = writeWordNet(wordnetNouns, lines, wordnet);
                    out().println("demo: indexing " + n + " WordNet noun definitions (one passage per line)...");
                    out().flush();
                    out().println("demo: WordNet: " + ing.ingestLines(lines, printSkips()).summary());
                } else {
                    if (wordnet > 0) {
                        out().println("demo: WordNet not installed (apt-get install wordnet-base adds ~2000 definitions to the demo)");
                    }
                    if (Files.exists(lines)) { // definitions indexed by an earlier run leave with their file's lines
                        Files.write(lines, new byte[0]);
                        out().println("demo: WordNet definitions of an earlier run: " + ing.ingestLines(lines, printSkips()).summary());
                    }
                }
                c.checkpoint();
                out().println("demo: collection 'demo' has " + IngestCommand.counts(c));
                out().flush();
            } catch (IOException e) {
                throw new VamanaException(corpus + ": cannot write the demo corpus: " + e.getMessage());
            } finally {
                pool.shutdownNow();
            }
        });
    }

    private IngestListener printSkips() {
        return new IngestListener() {
            @Override
            public void skipped(String path, String reason) {
                err().println("skipped " + path + ": " + reason);
            }
        };
    }

    /** Copies the bundled documents into a folder (rewriting only changed files); returns how many there are. */
    static int unpackDocs(Path target) throws IOException {
        URL url = DemoCommand.class.getClassLoader().getResource(RESOURCES);
        if (url == null) throw new VamanaException("the sample corpus is missing from the jar (" + RESOURCES + ")");
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new VamanaException("bad resource URL " + url);
        }
        Files.createDirectories(target);
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                return copyTree(fs.getPath(RESOURCES), target);
            }
        }
        return copyTree(Path.of(uri), target);
    }

    private static int copyTree(Path from, Path to) throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                Files.createDirectories(dst.getParent());
                byte[] bytes;
                try (InputStream in = Files.newInputStream(p)) {
                    bytes = in.readAllBytes();
                }
                if (!Files.exists(dst) || !Arrays.equals(Files.readAllBytes(dst), bytes)) Files.write(dst, bytes);
                n++;
            }
        }
        return n;
    }

    /** Writes "word, synonym: definition" for the first {@code limit} synsets of a WordNet data file; returns the count. */
    static int writeWordNet(Path data, Path out, int limit) throws IOException {
        int n = 0;
        Files.createDirectories(out.getParent());
        try (BufferedReader r = Files.newBufferedReader(data, StandardCharsets.ISO_8859_1);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null && n < limit) {
                if (line.startsWith("  ") || !line.contains(" | ")) continue; // licence header
                String[] f = line.substring(0, line.indexOf(" | ")).split(" ");
                int words = Integer.parseInt(f[3], 16);
                List<String> names = new java.util.ArrayList<>();
                for (int i = 0; i < words && 4 + 2 * i < f.length; i++) names.add(f[4 + 2 * i].replace('_', ' ').replaceAll("\\(.*\\)$", ""));
                String gloss = line.substring(line.indexOf(" | ") + 3).strip();
                w.write(String.join(", ", names) + ": " + gloss);
                w.newLine();
                n++;
            }
        }
        return n;
    }
}
