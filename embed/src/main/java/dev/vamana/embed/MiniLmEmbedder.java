package dev.vamana.embed;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;

/**
 * The quantized all-MiniLM-L6-v2 sentence model (384 dimensions, mean pooling, cosine), run in process by
 * ONNX Runtime from the weights shipped inside the langchain4j jar: nothing is downloaded at run time.
 *
 * <p>The vectors are those of langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel} (same tokens, same
 * pooling), computed in a leaner way: see {@link MiniLmEncoder} for the session options (one thread per call,
 * no spinning), the tokenizer call saved, and admission control. A text longer than the tokenizer's 128 tokens
 * (about 100 words), where langchain4j embeds only the start, is embedded whole here: as windows of 128 tokens
 * whose token rows are averaged together.
 *
 * <p>Thread-safe: many threads may call {@link #embed} at once; at most {@code vamana.embed.concurrency} texts
 * (a system property; default 0, no limit: the measurements did not show a steady gain from it, see
 * docs/BENCHMARKS-search.md) run in the model at the same time, the
 * others wait their turn in arrival order. The model (about 23 MB of weights) is loaded once per JVM on first
 * use and shared by every instance.
 */
public final class MiniLmEmbedder implements Embedder {

    /** Name under which this model is registered in {@link Embedders} and recorded in collections. */
    public static final String NAME = "all-minilm-l6-v2-q";
    private static final int DIMENSION = MiniLmEncoder.DIMENSION;

    private static final class Holder {
        static final MiniLmEncoder ENCODER = new MiniLmEncoder(
                Integer.getInteger("vamana.embed.concurrency", 0));
    }

    /** The shared encoder (loads the model on first use). */
    static MiniLmEncoder encoder() {
        return Holder.ENCODER;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public Metric metric() {
        return Metric.COSINE;
    }

    @Override
    public float[] embed(String text) {
        if (text == null) throw new VamanaException("text to embed: expected a string, got null");
        float[] v = Holder.ENCODER.embed(text);
        if (v.length != DIMENSION) {
            throw new VamanaException("model " + NAME + ": expected " + DIMENSION + " dimensions, got " + v.length);
        }
        return unit(v);
    }

    /** Unit length in double precision (langchain4j's float normalisation can be off by an ulp or two). */
    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) n += (double) x * x;
        float inv = n > 0 ? (float) (1.0 / Math.sqrt(n)) : 0f;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }
}
