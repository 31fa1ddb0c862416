package dev.vamana.embed;

import dev.vamana.VamanaException;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Registry of the embedding models this build ships, by name. Adding a model means one entry here and one
 * {@link Embedder} implementation; callers never name an implementation class.
 *
 * <p>Thread-safe (immutable).
 */
public final class Embedders {
    private static final Map<String, Supplier<Embedder>> MODELS = Map.of(MiniLmEmbedder.NAME, MiniLmEmbedder::new);

    private Embedders() {}

    /** The model used when none is named. */
    public static String defaultName() {
        return MiniLmEmbedder.NAME;
    }

    /** Names of every available model. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /** Creates the embedder with the given name; throws {@link VamanaException} naming the known ones otherwise. */
    public static Embedder create(String name) {
        Supplier<Embedder> s = MODELS.get(name);
        if (s == null) throw new VamanaException("embedding model '" + name + "': expected one of " + names());
        return s.get();
    }
}
