package dev.vamana.embed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkerTest {
    private static String sentences(int n, int wordsEach) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("Sentence").append(i);
            for (int w = 1; w < wordsEach; w++) sb.append(" word");
            sb.append(". ");
        }
        return sb.toString();
    }

    private static int words(String s) {
        return s.split("\\s+").length;
    }

    @Test
    void chunksStayNearTargetAndEndOnSentenceBoundaries() {
        List<String> chunks = new Chunker(200, 40).chunk(sentences(100, 20)); // 2000 words
        assertThat(chunks.size()).isBetween(10, 14);
        for (String c : chunks) {
            assertThat(words(c)).isLessThanOrEqualTo(200);
            assertThat(c).startsWith("Sentence").endsWith(".");
        }
    }

    @Test
    void consecutiveChunksOverlapBySentences() {
        List<String> chunks = new Chunker(200, 40).chunk(sentences(30, 20));
        assertThat(chunks.size()).isGreaterThan(1);
        for (int i = 1; i < chunks.size(); i++) {
            String prev = chunks.get(i - 1);
            String firstSentence = chunks.get(i).substring(0, chunks.get(i).indexOf('.') + 1);
            assertThat(prev).contains(firstSentence);
        }
    }

    @Test
    void chunksAreTheTextItselfWithWhitespaceCollapsed() {
        String text = "Run ./vamana demo first.  Then read\n../shared/data/README.md for the data sets. Done!";
        assertThat(new Chunker().chunk(text)).containsExactly("Run ./vamana demo first. Then read ../shared/data/README.md for the data sets. Done!");
    }

    @Test
    void shortTextIsOneChunkAndBlankTextNone() {
        assertThat(new Chunker().chunk("Just one sentence here.")).containsExactly("Just one sentence here.");
        assertThat(new Chunker().chunk("   \n  ")).isEmpty();
    }

    @Test
    void overLongSentenceIsCutIntoWindowsCoveringEveryWord() {
        String longOne = "w ".repeat(1000).strip();
        List<String> chunks = new Chunker(200, 40).chunk(longOne);
        assertThat(chunks).allSatisfy(c -> assertThat(words(c)).isLessThanOrEqualTo(200));
        int total = chunks.stream().mapToInt(ChunkerTest::words).sum();
        assertThat(total).isGreaterThanOrEqualTo(1000);
    }
}
