package dev.vamana.server;

import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.VamanaVectorIndex;
import dev.vamana.embed.Embedder;
import dev.vamana.vector.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class VamanaServerTest {
    @TempDir Path data;

    /** Counts its calls; every text gets the same unit vector. */
    static final class CountingEmbedder implements Embedder {
        final CountDownLatch called = new CountDownLatch(1);

        @Override public String name() { return "counting"; }
        @Override public int dimension() { return 4; }
        @Override public Metric metric() { return Metric.COSINE; }

        @Override
        public float[] embed(String text) {
            called.countDown();
            return new float[]{1, 0, 0, 0};
        }
    }

    @Test
    void startRunsTheModelOnceInTheBackgroundBeforeAnyRequest() throws Exception {
        CountingEmbedder embedder = new CountingEmbedder();
        try (CollectionManager manager = new CollectionManager(data, embedder, VamanaVectorIndex.factory())) {
            VamanaServer server = new VamanaServer(manager, new ServerOptions("127.0.0.1", 0, null, 64 * 1024)).start();
            try {
                assertThat(embedder.called.await(10, TimeUnit.SECONDS)).as("the model ran without a request").isTrue();
            } finally {
                server.close();
            }
        }
    }
}
