package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.embed.Embedder;
import dev.vamana.embed.Reasons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The collections under one data folder ({@code DATA/<name>/}), opened lazily and kept open until
 * {@link #close()}. Shared by the server and the CLI.
 *
 * <p>Thread-safe. Owns the collections it opened and closes them (with a checkpoint) on {@link #close()}.
 */
public final class CollectionManager implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Path dataDir;
    private final Embedder embedder;
    private final VectorIndex.Factory indexFactory;
    private final Map<String, Collection> open = new ConcurrentHashMap<>();
    /** Collections whose folders {@link #getOrCreate} made (none was there before): only these may be discarded. */
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    public CollectionManager(Path dataDir, Embedder embedder, VectorIndex.Factory indexFactory) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.embedder = embedder;
        this.indexFactory = indexFactory;
    }

    /** The data folder. */
    public Path dataDir() {
        return dataDir;
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Checks a collection name: 1-64 characters of letters, digits, '_', '.', '-', starting with a letter or digit. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new VamanaException("collection name '" + name + "': expected 1-64 characters of letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        return name;
    }

    /** Names of the collections on disk, sorted. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) return out;
        try (Stream<Path> s = Files.list(dataDir)) {
            s.filter(p -> Files.isRegularFile(p.resolve(Collection.DB_FILE))).map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches()).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new VamanaException(dataDir + ": cannot list collections: " + Reasons.of(e));
        }
        return out;
    }

    /** True when a collection with this name exists on disk. */
    public boolean exists(String name) {
        return NAME.matcher(name).matches() && Files.isRegularFile(dataDir.resolve(name).resolve(Collection.DB_FILE));
    }

    /** An existing collection; throws {@link NotFoundException} when there is none with that name. */
    public Collection get(String name) {
        checkName(name);
        Collection c = open.get(name);
        if (c != null) return c;
        if (!exists(name)) throw new NotFoundException("collection '" + name + "' not found under " + dataDir);
        return open.computeIfAbsent(name, n -> Collection.open(n, dataDir.resolve(n), embedder, indexFactory));
    }

    /** The collection with this name, created when missing. */
    public Collection getOrCreate(String name) {
        checkName(name);
        return open.computeIfAbsent(name, n -> {
            boolean fresh = Files.notExists(dataDir.resolve(n));
            Collection c = Collection.open(n, dataDir.resolve(n), embedder, indexFactory);
            if (fresh) created.add(n);
            return c;
        });
    }

    /**
     * Closes and deletes a collection that is still empty, if this manager created its folder: for a run that failed
     * before storing anything, so that it leaves no empty collection behind. A collection that existed before (even
     * empty), or whose folder did, or that holds documents, is left alone. Returns true when it was removed. The
     * caller must not be writing to it from another thread.
     */
    public boolean discardIfEmpty(String name) {
        if (!created.contains(name)) return false;
        boolean[] removed = {false};
        open.computeIfPresent(name, (n, c) -> {
            if (c.documentCount() > 0) return c;
            c.close();
            deleteTree(c.folder());
            removed[0] = true;
            return null;
        });
        if (removed[0]) created.remove(name);
        return removed[0];
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new VamanaException(folder + ": cannot remove the empty collection: " + Reasons.of(e));
        }
    }

    /** Checkpoints and closes every open collection. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Collection c : open.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        open.clear();
        if (first != null) throw first;
    }
}
