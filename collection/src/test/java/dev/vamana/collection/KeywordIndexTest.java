package dev.vamana.collection;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordIndexTest {
    @TempDir Path dir;

    @Test
    void bm25MatchesOtherFormsOfAWord() {
        try (KeywordIndex k = KeywordIndex.open(dir.resolve("kw"))) {
            k.put(1, "We decided to raise the price of the premium plan.", "/a.txt", "txt");
            k.put(2, "The river flows past the old mill.", "/b.txt", "txt");
            assertThat(k.search("pricing decisions", 10, null, null).ids()).containsExactly(1L);
            assertThat(k.search("what did we do about it", 10, null, null).size()).isZero(); // stop words only
        }
    }

    @Test
    void aCommitRecordsTheAnalysisAndReopensAtItsSequence() {
        try (KeywordIndex k = KeywordIndex.open(dir.resolve("kw"))) {
            k.put(1, "price", "/a.txt", "txt");
            k.commit(7);
        }
        try (KeywordIndex k = KeywordIndex.open(dir.resolve("kw"))) {
            assertThat(k.committedSeq()).isEqualTo(7);
            assertThat(k.writtenWithOtherAnalysis()).isFalse();
            assertThat(k.size()).isEqualTo(1);
        }
    }

    @Test
    void anIndexWrittenWithoutThisAnalysisAsksForARebuild() throws Exception {
        // as the previous release wrote it: unstemmed terms, only the log position in the commit data
        try (var d = FSDirectory.open(dir.resolve("kw"));
             var w = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()))) {
            Document doc = new Document();
            doc.add(new StringField(KeywordIndex.ID, "1", Field.Store.YES));
            doc.add(new TextField(KeywordIndex.TEXT, "pricing", Field.Store.NO));
            w.addDocument(doc);
            w.setLiveCommitData(Map.of("vamana.seq", "7").entrySet());
            w.commit();
        }
        try (KeywordIndex k = KeywordIndex.open(dir.resolve("kw"))) {
            assertThat(k.committedSeq()).isEqualTo(-1);
            assertThat(k.writtenWithOtherAnalysis()).isTrue();
        }
    }

    @Test
    void aNewIndexIsNotReportedAsWrittenWithAnotherAnalysis() {
        try (KeywordIndex k = KeywordIndex.open(dir.resolve("kw"))) {
            assertThat(k.committedSeq()).isEqualTo(-1);
            assertThat(k.writtenWithOtherAnalysis()).isFalse();
            assertThat(k.search("anything", 10, null, List.of("txt")).size()).isZero();
        }
    }
}
