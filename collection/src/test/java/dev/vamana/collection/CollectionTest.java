package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.embed.Embedder;
import dev.vamana.embed.Embedders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionTest {
    static final Embedder EMBEDDER = Embedders.create(Embedders.defaultName());
    @TempDir Path dir;

    static final List<String[]> DOCS = List.of(
            new String[]{"/docs/pets/cats.txt", "txt", "Cats are small carnivorous mammals that purr and hunt mice at night."},
            new String[]{"/docs/pets/dogs.md", "md", "Dogs are loyal companions that bark at strangers and love long walks."},
            new String[]{"/docs/finance/tax.txt", "txt", "Corporate income tax returns must be filed before the April deadline."},
            new String[]{"/docs/space/mars.txt", "txt", "Mars is the fourth planet from the Sun and has a thin carbon dioxide atmosphere."},
            new String[]{"/docs/food/bread.md", "md", "Knead the dough for ten minutes, let it rise, then bake the bread until golden."});

    private static Collection open(Path folder) {
        return Collection.open("test", folder, EMBEDDER, VamanaVectorIndex.factory());
    }

    private static void addAll(Collection c, ExecutorService pool) {
        Ingestor ing = new Ingestor(c, pool);
        for (String[] d : DOCS) ing.addText(d[0], d[0].substring(d[0].lastIndexOf('/') + 1), d[1], d[2]);
    }

    @Test
    void textSearchFindsTheDocumentByMeaningWithHighlightedTerms() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Collection c = open(dir.resolve("c"))) {
            addAll(c, pool);
            List<SearchHit> hits = c.search(SearchQuery.text("which planet has a thin atmosphere", 3));
            assertThat(hits).isNotEmpty();
            assertThat(hits.getFirst().path()).isEqualTo("/docs/space/mars.txt");
            assertThat(hits.getFirst().highlighted()).contains("<mark>planet</mark>").contains("<mark>atmosphere</mark>");
            assertThat(hits.getFirst().score()).isBetween(0.3, 1.0);
            assertThat(c.search(SearchQuery.text("feline hunting rodents", 1)).getFirst().path()).isEqualTo("/docs/pets/cats.txt");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hybridModeAndFiltersRestrictAndFuseResults() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Collection c = open(dir.resolve("c"))) {
            addAll(c, pool);
            var hybrid = c.search(new SearchQuery("bake bread dough", null, 2, SearchQuery.Mode.HYBRID, null, null));
            assertThat(hybrid.getFirst().path()).isEqualTo("/docs/food/bread.md");
            assertThat(hybrid.getFirst().score()).isGreaterThan(1.0 / 61); // found by both rankings
            var petsOnly = c.search(new SearchQuery("planet atmosphere", null, 10, SearchQuery.Mode.VECTOR, "/docs/pets/", null));
            assertThat(petsOnly).extracting(SearchHit::path).containsExactlyInAnyOrder("/docs/pets/cats.txt", "/docs/pets/dogs.md");
            var mdOnly = c.search(new SearchQuery("animals", null, 10, SearchQuery.Mode.HYBRID, null, List.of("md")));
            assertThat(mdOnly).extracting(SearchHit::fileType).containsOnly("md");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void typeFiltersIgnoreCaseALeadingDotAndAliases() {
        assertThat(new SearchQuery("x", null, 1, null, null, List.of(" .PDF", "htm", "Markdown", "", "pdf")).fileTypes())
                .containsExactly("pdf", "html", "md");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Collection c = open(dir.resolve("c"))) {
            addAll(c, pool);
            new Ingestor(c, pool).addText("/docs/pets/fish.txt", "fish", "TXT", "Goldfish swim in a bowl of fresh water.");
            for (String type : List.of("MD", ".md", "markdown")) {
                for (SearchQuery.Mode mode : SearchQuery.Mode.values()) {
                    var hits = c.search(new SearchQuery("animals", null, 10, mode, null, List.of(type)));
                    assertThat(hits).as(type + " " + mode).isNotEmpty().extracting(SearchHit::fileType).containsOnly("md");
                }
            }
            var txt = c.search(new SearchQuery("pets in water", null, 10, SearchQuery.Mode.VECTOR, null, List.of("txt")));
            assertThat(txt).extracting(SearchHit::path).contains("/docs/pets/fish.txt");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteRemovesAtOnceAndReopenedCollectionAgreesWithDatabase() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Path folder = dir.resolve("c");
        try {
            try (Collection c = open(folder)) {
                addAll(c, pool);
                long marsId = c.store().documentByPath("/docs/space/mars.txt").id();
                assertThat(c.deleteDocument(marsId)).isTrue();
                assertThat(c.deleteDocument(marsId)).isFalse();
                assertThat(c.search(SearchQuery.text("planet from the sun", 5))).extracting(SearchHit::path).doesNotContain("/docs/space/mars.txt");
                assertThat(c.documentCount()).isEqualTo(4);
            }
            try (Collection c = open(folder)) {
                assertThat(c.verify()).isEmpty();
                assertThat(c.indexedVectors()).isEqualTo(4);
                assertThat(c.search(SearchQuery.text("loyal companion animal", 1)).getFirst().path()).isEqualTo("/docs/pets/dogs.md");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void damagedVectorSnapshotIsRebuiltFromTheDatabase() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Path folder = dir.resolve("c");
        try {
            try (Collection c = open(folder)) {
                addAll(c, pool);
            }
            try (var files = Files.list(folder)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".vmi")).toList()) Files.write(p, new byte[]{1, 2, 3});
            }
            try (Collection c = open(folder)) {
                assertThat(c.verify()).isEmpty();
                assertThat(c.indexedVectors()).isEqualTo(DOCS.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeywordIndexWrittenWithTheOlderUnstemmedAnalysisIsRebuiltOnOpen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Path folder = dir.resolve("c");
        try {
            List<ChunkRecord> chunks = new java.util.ArrayList<>();
            long seq;
            try (Collection c = open(folder)) {
                addAll(c, pool);
                c.store().forEachChunk(chunks::add, null);
                seq = c.store().lastSeq();
            }
            // the keyword index as the previous release wrote it: unstemmed terms, no analysis in the commit data
            Path kw = folder.resolve("keywords");
            try (var files = Files.list(kw)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            try (var d = org.apache.lucene.store.FSDirectory.open(kw);
                 var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig(
                         new org.apache.lucene.analysis.standard.StandardAnalyzer()))) {
                for (ChunkRecord r : chunks) {
                    var doc = new org.apache.lucene.document.Document();
                    doc.add(new org.apache.lucene.document.StringField(KeywordIndex.ID, Long.toString(r.chunkId()),
                            org.apache.lucene.document.Field.Store.YES));
                    doc.add(new org.apache.lucene.document.TextField(KeywordIndex.TEXT, r.text(), org.apache.lucene.document.Field.Store.NO));
                    w.addDocument(doc);
                }
                w.setLiveCommitData(java.util.Map.of("vamana.seq", Long.toString(seq)).entrySet());
                w.commit();
            }
            try (Collection c = open(folder)) {
                assertThat(c.verify()).isEmpty();
                // "minute" is the stem of "minutes" in the bread document only after the rebuild; found by both
                // rankings, the document scores above what the vector ranking alone gives (1 / 61)
                var hits = c.search(new SearchQuery("minute", null, DOCS.size(), SearchQuery.Mode.HYBRID, null, null));
                assertThat(hits.getFirst().path()).isEqualTo("/docs/food/bread.md");
                assertThat(hits.getFirst().score()).isGreaterThan(1.0 / 61);
                assertThat(hits.getFirst().highlighted()).contains("<mark>minutes</mark>");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCollectionOpenElsewhereIsRefusedWithoutTouchingItsFiles() {
        Path folder = dir.resolve("c");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Collection c = open(folder)) {
            new Ingestor(c, pool).addText("/a.txt", "a", "txt", "Owls hunt at night.");
            assertThatThrownBy(() -> open(folder)).isInstanceOf(VamanaException.class).hasMessageContaining("open in another process");
            assertThat(c.search(SearchQuery.text("nocturnal birds", 1))).hasSize(1);
            assertThat(c.verify()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
        try (Collection c = open(folder)) {
            assertThat(c.documentCount()).isEqualTo(1);
            assertThat(c.verify()).isEmpty();
        }
    }

    @Test
    void badQueriesAreRejectedWithFieldNames() {
        try (Collection c = open(dir.resolve("c"))) {
            assertThatThrownBy(() -> SearchQuery.text("x", 0)).isInstanceOf(VamanaException.class).hasMessageContaining("k:");
            assertThatThrownBy(() -> SearchQuery.text("x", 1001)).hasMessageContaining("k:");
            assertThatThrownBy(() -> SearchQuery.text(" ", 3)).hasMessageContaining("query");
            assertThatThrownBy(() -> SearchQuery.text("a".repeat(3000), 3)).hasMessageContaining("2000");
            assertThatThrownBy(() -> c.search(new SearchQuery(null, new float[3], 3, null, null, null))).hasMessageContaining("384");
            assertThatThrownBy(() -> SearchQuery.Mode.parse("fuzzy")).hasMessageContaining("mode");
        }
    }

    @Test
    void aCollectionFolderThatCannotBeCreatedSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "a file where the data folder should be");
        assertThatThrownBy(() -> open(file.resolve("c")))
                .hasMessage(file.resolve("c") + ": cannot create the collection folder: not a directory");
    }

    @Test
    void managerListsCreatesAndRejectsBadNames() {
        try (CollectionManager m = new CollectionManager(dir, EMBEDDER, VamanaVectorIndex.factory())) {
            assertThat(m.names()).isEmpty();
            m.getOrCreate("notes");
            assertThat(m.names()).containsExactly("notes");
            assertThatThrownBy(() -> m.get("missing")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> m.getOrCreate("../etc")).hasMessageContaining("collection name");
        }
    }

    @Test
    void discardRemovesOnlyAnEmptyCollectionThisManagerCreated() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "a user's own file in a folder that later holds a collection");
        try (CollectionManager earlier = new CollectionManager(dir, EMBEDDER, VamanaVectorIndex.factory())) {
            earlier.getOrCreate("old");
        }
        try (CollectionManager m = new CollectionManager(dir, EMBEDDER, VamanaVectorIndex.factory())) {
            m.getOrCreate("old");
            assertThat(m.discardIfEmpty("old")).as("existed before this manager").isFalse();
            m.getOrCreate("fresh");
            Ingestor ing = new Ingestor(m.getOrCreate("filled"), pool);
            ing.addText("/a.txt", "a", "txt", "Cats purr.");
            m.getOrCreate("mine");

            assertThat(m.discardIfEmpty("fresh")).isTrue();
            assertThat(m.discardIfEmpty("filled")).as("holds a document").isFalse();
            assertThat(m.discardIfEmpty("mine")).as("its folder existed").isFalse();
            assertThat(m.discardIfEmpty("never")).isFalse();
            assertThat(dir.resolve("fresh")).doesNotExist();
            assertThat(m.names()).containsExactly("filled", "mine", "old");
            assertThat(mine.resolve("notes.txt")).exists();
            assertThat(m.getOrCreate("fresh").documentCount()).as("can be created again").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileThisUserMayNotReadStopsTheOpenInsteadOfPassingForDamage() {
        var denied = new RuntimeException("cannot read index file", new java.io.UncheckedIOException(
                new java.nio.file.AccessDeniedException("/data/docs/vectors-000000000024.vmi")));
        assertThatThrownBy(() -> Collection.failIfPermissionDenied(denied)).isInstanceOf(VamanaException.class)
                .hasMessage("/data/docs/vectors-000000000024.vmi: permission denied (is the collection another user's?)");
        Collection.failIfPermissionDenied(new VamanaException("checksum mismatch")); // damage: the caller rebuilds
    }

    @Test
    void htmlAndMarkdownTextIsIndexedWithoutItsMarkup() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Collection c = open(dir.resolve("markup"))) {
            Ingestor ing = new Ingestor(c, pool);
            ing.addText("/trails.html", "trails", "HTML", "<h1>Trails</h1><p>Steep <b>trails</b> climb the ridge.</p>");
            ing.addText("/garden.md", "garden", "md", "# Garden\nThe **tomato** plants need [sun](https://example.org).");
            assertThat(c.search(SearchQuery.text("mountain hiking paths", 1)).getFirst().text()).isEqualTo("Trails Steep trails climb the ridge.");
            assertThat(c.search(SearchQuery.text("growing vegetables", 1)).getFirst().text()).isEqualTo("Garden The tomato plants need sun.");
        } finally {
            pool.shutdownNow();
        }
    }
}
