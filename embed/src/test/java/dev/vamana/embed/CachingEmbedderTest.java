package dev.vamana.embed;

import dev.vamana.vector.Metric;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CachingEmbedderTest {
    /** Counts model calls; the vector encodes the text's length so answers can be told apart. */
    static final class Counting implements Embedder {
        final AtomicInteger calls = new AtomicInteger();
        @Override public String name() { return "counting"; }
        @Override public int dimension() { return 2; }
        @Override public Metric metric() { return Metric.COSINE; }
        @Override public float[] embed(String text) {
            calls.incrementAndGet();
            return new float[]{text.length(), 1};
        }
    }

    @Test
    void repeatedTextsAreServedFromTheCacheAndTheLeastRecentlyUsedIsEvicted() {
        Counting model = new Counting();
        CachingEmbedder c = new CachingEmbedder(model, 2);
        assertThat(c.embed("aa")).containsExactly(2, 1);
        c.embed("aa");
        c.embed("bbb");
        assertThat(model.calls).hasValue(2);
        c.embed("aa");     // refreshes "aa"
        c.embed("cccc");   // evicts "bbb"
        c.embed("aa");
        assertThat(model.calls).hasValue(3);
        c.embed("bbb");
        assertThat(model.calls).hasValue(4);
        assertThat(c.size()).isEqualTo(2);
    }

    @Test
    void callersGetTheirOwnCopies() {
        CachingEmbedder c = new CachingEmbedder(new Counting(), 4);
        float[] first = c.embed("x");
        first[0] = 99;
        assertThat(c.embed("x")).containsExactly(1, 1);
    }
}
