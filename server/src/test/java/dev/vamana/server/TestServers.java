package dev.vamana.server;

import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.VamanaVectorIndex;
import dev.vamana.collection.VectorIndex;
import dev.vamana.embed.Embedder;
import dev.vamana.embed.Embedders;

import java.nio.file.Path;

/** Shared test fixtures: one embedder per JVM (the model load is slow) and the index factory. */
final class TestServers {
    static final Embedder EMBEDDER = Embedders.create(Embedders.defaultName());
    static final VectorIndex.Factory INDEX = VamanaVectorIndex.factory();

    private TestServers() {}

    static CollectionManager manager(Path dataDir) {
        return new CollectionManager(dataDir, EMBEDDER, INDEX);
    }
}
