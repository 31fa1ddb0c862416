package dev.vamana.embed;

import dev.vamana.vector.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MiniLmEmbedderTest {
    private static final Embedder EMBEDDER = Embedders.create(Embedders.defaultName());

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void vectorsHave384DimensionsAndUnitLength() {
        float[] v = EMBEDDER.embed("The quick brown fox jumps over the lazy dog.");
        assertThat(EMBEDDER.dimension()).isEqualTo(384);
        assertThat(EMBEDDER.metric()).isEqualTo(Metric.COSINE);
        assertThat(v).hasSize(384);
        assertThat(dot(v, v)).isCloseTo(1f, within(1e-4f));
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        float[] cat = EMBEDDER.embed("A cat is sleeping on the sofa.");
        float[] kitten = EMBEDDER.embed("A kitten naps on the couch.");
        float[] tax = EMBEDDER.embed("Quarterly corporate tax filings are due in April.");
        assertThat(dot(cat, kitten)).isGreaterThan(dot(cat, tax) + 0.2f);
    }

    @Test
    void sameTextGivesSameVectorAlsoWhenEmbeddedInParallel() {
        List<String> texts = List.of("alpha particles", "beta decay", "gamma rays", "alpha particles", "delta wing");
        float[] single = EMBEDDER.embed("alpha particles");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<float[]> vs = EMBEDDER.embedAll(texts, pool);
            assertThat(vs).hasSize(5);
            assertThat(vs.get(0)).containsExactly(single);
            assertThat(vs.get(3)).containsExactly(single);
            assertThat(vs.get(1)).containsExactly(EMBEDDER.embed("beta decay"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void singleThreadedSessionGivesLangchain4jsVectors() {
        var reference = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String text : List.of("flute, flute glass, champagne flute (noun): a tall narrow wineglass",
                "cook, fix, ready, make, prepare (verb): prepare for eating by applying heat; \"Cook me dinner, please\"",
                "x".repeat(3000))) {
            float[] ref = reference.embed(text).content().vector();
            float n = (float) Math.sqrt(dot(ref, ref));
            float[] ours = EMBEDDER.embed(text);
            for (int i = 0; i < ref.length; i++) assertThat(ours[i]).isCloseTo(ref[i] / n, within(1e-5f));
        }
    }

    @Test
    void unknownModelNameIsRejectedWithTheKnownNames() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Embedders.create("bge-huge"))
                .hasMessageContaining("bge-huge").hasMessageContaining(MiniLmEmbedder.NAME);
    }
}
