package dev.vamana.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;

/**
 * The quantized all-MiniLM-L6-v2 sentence model (384 dimensions, mean pooling, cosine), run in process by
 * ONNX Runtime from the weights shipped inside the langchain4j jar: nothing is downloaded at run time.
 *
 * <p>Thread-safe: the ONNX session supports concurrent runs, so many threads may call {@link #embed} at once.
 * The model (about 23 MB of weights) is loaded once per JVM on first use and shared by every instance.
 * Texts longer than the model's 512-token window are split by the encoder and their embeddings averaged.
 */
public final class MiniLmEmbedder implements Embedder {

    /** Name under which this model is registered in {@link Embedders} and recorded in collections. */
    public static final String NAME = "all-minilm-l6-v2-q";
    private static final int DIMENSION = 384;

    private static final class Holder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
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
        float[] v = Holder.MODEL.embed(text).content().vector();
        if (v.length != DIMENSION) {
            throw new VamanaException("model " + NAME + ": expected " + DIMENSION + " dimensions, got " + v.length);
        }
        double n = 0;
        for (float x : v) n += (double) x * x;
        float inv = n > 0 ? (float) (1.0 / Math.sqrt(n)) : 0f;
        float[] out = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) out[i] = v[i] * inv;
        return out;
    }
}
