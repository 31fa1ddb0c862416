package dev.vamana.collection;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TermAnalysisTest {
    @Test
    void queryTermsAreStemmedAndDropStopWordsAndPronouns() {
        assertThat(TermAnalysis.terms("What did we decide about pricing?")).containsExactly("decid", "price");
        assertThat(TermAnalysis.terms("The planets' atmospheres")).containsExactly("planet", "atmospher");
        assertThat(TermAnalysis.terms("the of and we")).isEmpty();
    }

    @Test
    void highlightMarksInflectedFormsOfTheQueryTermsAndNotStopWords() {
        Set<String> terms = Set.copyOf(TermAnalysis.terms("what did we decide about pricing"));
        assertThat(TermAnalysis.highlight("We decided to raise the price of the premium plan.", terms))
                .isEqualTo("We <mark>decided</mark> to raise the <mark>price</mark> of the premium plan.");
        assertThat(TermAnalysis.highlight("Prices were decided about us.", terms))
                .isEqualTo("<mark>Prices</mark> were <mark>decided</mark> about us.");
    }

    @Test
    void highlightEscapesHtmlInsideAndOutsideTheMarks() {
        Set<String> terms = Set.copyOf(TermAnalysis.terms("cat"));
        assertThat(TermAnalysis.highlight("<b>Bob's cat</b> & \"dog\"", terms))
                .isEqualTo("&lt;b&gt;Bob&#39;s <mark>cat</mark>&lt;/b&gt; &amp; &quot;dog&quot;");
        assertThat(TermAnalysis.highlight("<i>no terms</i>", Set.of())).isEqualTo("&lt;i&gt;no terms&lt;/i&gt;");
    }

    @Test
    void possessivesKeepTheirWholeWordHighlighted() {
        assertThat(TermAnalysis.highlight("Mars's thin air", Set.copyOf(TermAnalysis.terms("mars")))).isEqualTo("<mark>Mars&#39;s</mark> thin air");
    }
}
