package dev.vamana.server;

import dev.vamana.VamanaException;
import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.VamanaVectorIndex;
import dev.vamana.embed.Embedder;
import dev.vamana.vector.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aDataFolderThatIsAFileOrUnderOneFailsAtStart() throws Exception {
        Path file = Files.writeString(data.resolve("notes.txt"), "not a folder");
        for (Path dir : List.of(file, file.resolve("sub"))) {
            try (CollectionManager manager = new CollectionManager(dir, new CountingEmbedder(), VamanaVectorIndex.factory())) {
                VamanaServer server = new VamanaServer(manager, new ServerOptions("127.0.0.1", 0, null, 64 * 1024));
                assertThatThrownBy(server::start).isInstanceOf(VamanaException.class)
                        .hasMessageContaining(file.toString()).hasMessageContaining("not a folder");
            }
        }
    }
}
