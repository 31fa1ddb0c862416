package dev.vamana.embed;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MiniLmEncoderTest {

    /** A few dozen texts: WordNet-style definitions, queries, punctuation, accents, other scripts, long ones. */
    static List<String> texts() {
        List<String> t = new ArrayList<>(List.of(
                "flute, flute glass, champagne flute (noun): a tall narrow wineglass",
                "cook, fix, ready, make, prepare (verb): prepare for eating by applying heat; \"Cook me dinner, please\"",
                "cramp (noun): a clamp for holding pieces of wood together while they are glued",
                "move (verb): change residence, affiliation, or place of employment",
                "how do I reset my password",
                "quarterly tax filing deadline",
                "A cat is sleeping on the sofa.",
                "The quick brown fox jumps over the lazy dog.",
                "do n't stop believing",
                "don't, won't, can't, shouldn't've",
                "it 's a dog 's life",
                "Café crème brûlée à la française",
                "naïve résumé coöperate Zürich São Paulo",
                "東京は日本の首都です",
                "Москва — столица России",
                "emoji 🙂 and symbols ™ © ® ±",
                "e-mail: someone@example.com, url https://example.org/a?b=c&d=e",
                "C++ vs. C# vs. F# (programming languages)",
                "x = 3.14159; y = 2.71828; z = x * y",
                "   leading and trailing spaces   ",
                "UPPER CASE TEXT AND lower case text",
                "hyphen-ated words and under_scored_words",
                "##hash ##prefixed tokens",
                "a",
                ".",
                "unbelievably antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
                "tab\tseparated\tvalues\nand a new line",
                "quotes \"double\" and 'single' and `back`",
                "numbers 1,000,000 and 12:30pm and 3/4",
                "O'Neill's mother-in-law's car",
                "the the the the the the",
                "(parenthesised) [bracketed] {braced} <angled>"));
        Random r = new Random(42);
        String[] words = {"vector", "search", "graph", "index", "embedding", "model", "query", "latency", "throughput", "disk"};
        for (int i = 0; i < 6; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 5 + r.nextInt(60);
            for (int w = 0; w < n; w++) sb.append(words[r.nextInt(words.length)]).append(w % 7 == 6 ? ". " : " ");
            t.add(sb.toString());
        }
        t.add("long text ".repeat(400)); // 800 word pieces: the tokenizer truncates to 128 tokens
        t.add("x".repeat(3000)); // one over-long word: [UNK]
        return t;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void shortcutGivesBitIdenticalVectorsToLangchain4jsEncoderOnTheSameSession() {
        MiniLmEncoder enc = MiniLmEmbedder.encoder();
        for (String text : texts()) {
            if (enc.tokenCount(text) > MiniLmEncoder.WINDOW_TOKENS) continue; // longer texts: see below
            assertThat(enc.singleWindowEncoding(text)).as("two-call path for: " + text).isNotNull();
            assertThat(enc.embed(text)).as(text).containsExactly(enc.embedViaLangchain4j(text));
        }
    }

    @Test
    void textsLongerThanOneWindowAreEmbeddedWholeNotCutAt128Tokens() {
        MiniLmEncoder enc = MiniLmEmbedder.encoder();
        String longText = "long text ".repeat(400);
        assertThat(enc.singleWindowEncoding(longText).getIds()).hasSize(128); // the jar's tokenizer cuts here
        assertThat(enc.tokenCount(longText)).isEqualTo(802);
        // the same first 126 word pieces, then different tails: langchain4j gives both one vector, we do not
        String a = "long text ".repeat(63) + "and then something else about cooking dinner", b = "long text ".repeat(400);
        assertThat(enc.embedViaLangchain4j(a)).containsExactly(enc.embedViaLangchain4j(b));
        assertThat(enc.embed(a)).isNotEqualTo(enc.embed(b));
        // a chunk whose second half is on another topic is found by that topic
        String cooking = "Simmer the onions in butter until soft, then add the garlic and the chopped tomatoes. ".repeat(8);
        String stars = "The telescope revealed the rings of Saturn and the moons of Jupiter in the night sky. ".repeat(8);
        assertThat(enc.tokenCount(cooking + stars)).isGreaterThan(2 * MiniLmEncoder.WINDOW_TOKENS);
        float[] q = enc.embed("astronomy: observing planets through a telescope");
        float ours = dot(enc.embed(cooking + stars), q), truncated = dot(enc.embedViaLangchain4j(cooking + stars), q);
        assertThat(ours).as("similarity of the whole chunk vs its first window only").isGreaterThan(truncated + 0.1f);
        assertThat(dot(enc.embed(cooking + stars), enc.embed(cooking))).isGreaterThan(0.5f); // the first half still counts
    }

    @Test
    void oneWindowOfTheWindowedMeanIsThePlainEmbedding() {
        MiniLmEncoder enc = MiniLmEmbedder.encoder();
        String text = "cook, fix, ready, make, prepare (verb): prepare for eating by applying heat";
        float[] windowed = MiniLmEncoder.normalize(enc.windowedMean(enc.singleWindowEncoding(text).getIds()));
        float[] plain = enc.embed(text);
        for (int i = 0; i < plain.length; i++) assertThat(windowed[i]).isCloseTo(plain[i], within(1e-6f));
    }

    @Test
    void emptyTextGoesToLangchain4jsEncoderAndIsRejectedLikeThere() {
        MiniLmEncoder enc = MiniLmEmbedder.encoder();
        for (String blank : List.of("", "   ", "\u200b")) {
            assertThat(enc.singleWindowEncoding(blank)).isNull();
            assertThatThrownBy(() -> enc.embed(blank)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("(?is).*(blank|empty).*");
        }
    }

    @Test
    void vectorsMatchLangchain4jsOwnModelObjectWithinFloatRounding() {
        var reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        Embedder ours = new MiniLmEmbedder();
        for (String text : texts()) {
            if (MiniLmEmbedder.encoder().tokenCount(text) > MiniLmEncoder.WINDOW_TOKENS) continue; // embedded whole here
            float[] ref = reference.embed(text).content().vector();
            float n = (float) Math.sqrt(dot(ref, ref));
            float[] v = ours.embed(text);
            assertThat(v).hasSize(384);
            for (int i = 0; i < ref.length; i++) assertThat(v[i]).as(text + " [" + i + "]").isCloseTo(ref[i] / n, within(1e-5f));
        }
    }

    @Test
    void noPaddingShortTextsRunWithTheirOwnTokenCount() {
        MiniLmEncoder enc = MiniLmEmbedder.encoder();
        var e = enc.singleWindowEncoding("how do I reset my password");
        assertThat(e).isNotNull();
        assertThat(e.getIds()).hasSizeLessThan(12); // [CLS] + 6 words + [SEP], never a fixed length
        assertThat(e.getAttentionMask()).containsOnly(1L);
    }

    @Test
    void admissionWithOnePermitServesConcurrentCallersWithTheSameVectors() throws Exception {
        MiniLmEncoder one = new MiniLmEncoder(1);
        assertThat(one.permits()).isEqualTo(1);
        List<String> texts = texts().subList(0, 12);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> fs = new ArrayList<>();
            for (String t : texts) fs.add(pool.submit(() -> one.embed(t)));
            for (int i = 0; i < texts.size(); i++) {
                assertThat(fs.get(i).get()).containsExactly(MiniLmEmbedder.encoder().embed(texts.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
