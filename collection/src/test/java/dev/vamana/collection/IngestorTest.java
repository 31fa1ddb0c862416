package dev.vamana.collection;

import dev.vamana.embed.ExtractionException;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class IngestorTest {
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    @TempDir Path dir;

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static byte[] docx(String text) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(text);
            doc.write(out);
            return out.toByteArray();
        }
    }

    /** Collects the skip lines of a run as "PATH: reason". */
    static final class SkipLines implements IngestListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void skipped(String path, String reason) {
            lines.add(path + ": " + reason);
        }
    }

    /** A disk on which listing the named folders is denied, as for a user without permission. */
    static Disk denyListing(Path... folders) {
        Set<Path> denied = Set.of(folders);
        return new Disk() {
            @Override
            public void enter(Path folder) throws IOException {
                if (denied.contains(folder)) throw new AccessDeniedException(folder.toString());
            }
        };
    }

    static final String VOLCANO = "Volcanoes erupt molten lava and ash when magma rises through the crust.";
    static final String GARDEN = "Tomatoes need full sun and regular watering in the garden.";
    static final String CHESS = "The knight moves in an L shape across the board.";

    /** Writes files under {@code dir/src}, given as pairs of a relative path and its text; returns that folder. */
    private Path tree(String... pathAndText) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        for (int i = 0; i < pathAndText.length; i += 2) {
            Path f = src.resolve(pathAndText[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, pathAndText[i + 1]);
        }
        return src;
    }

    /** A run's counts as its summary gives them: "1 added, 0 updated, 0 unchanged, 0 removed, 1 skipped". */
    static String counts(IngestReport r) {
        return r.summary().substring(0, r.summary().indexOf(';'));
    }

    private Collection open() {
        return Collection.open("t", dir.resolve("coll"), CollectionTest.EMBEDDER, VamanaVectorIndex.factory());
    }

    @Test
    void folderIngestSkipsBadFilesAndReRunsSkipUpdateAndRemove() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("volcano.txt"), "Volcanoes erupt molten lava and ash when magma rises through the crust.");
        Files.createDirectories(src.resolve("sub"));
        Files.write(src.resolve("sub/garden.docx"), docx("Tomatoes need full sun and regular watering in the garden."));
        Files.writeString(src.resolve("sub/readme.md"), "# Chess\nThe knight moves in an L shape across the board.");
        Files.write(src.resolve("broken.docx"), "this is not a zip".getBytes());
        Files.writeString(src.resolve("empty.txt"), "");
        Files.write(src.resolve("photo.jpg"), new byte[]{1, 2, 3});
        Files.writeString(src.resolve(".hidden.txt"), "ignored");
        List<String> skipped = new ArrayList<>();
        long[] progress = {0};
        try (Collection c = open()) {
            Ingestor ing = new Ingestor(c, POOL);
            IngestReport r = ing.ingestFolder(src, new IngestListener() {
                @Override public void skipped(String path, String reason) { skipped.add(path + ": " + reason); }
                @Override public void progress(long done) { progress[0] = done; }
            });
            assertThat(r.added()).isEqualTo(3);
            assertThat(r.skipped()).isEqualTo(3);
            assertThat(progress[0]).isEqualTo(6);
            assertThat(skipped).anySatisfy(s -> assertThat(s).contains("broken.docx").contains("corrupt"))
                    .anySatisfy(s -> assertThat(s).contains("empty.txt").contains("empty"))
                    .anySatisfy(s -> assertThat(s).contains("photo.jpg").contains("unsupported"));
            assertThat(c.search(SearchQuery.text("how does a knight move in chess", 1)).getFirst().title()).isEqualTo("Chess");
            assertThat(c.search(SearchQuery.text("growing vegetables", 1)).getFirst().fileType()).isEqualTo("docx");

            IngestReport again = ing.ingestFolder(src, IngestListener.NONE);
            assertThat(again.unchanged()).isEqualTo(3);
            assertThat(again.added() + again.updated() + again.removed()).isZero();

            Files.writeString(src.resolve("volcano.txt"), "Glaciers are slow rivers of ice that carve valleys.");
            Files.setLastModifiedTime(src.resolve("volcano.txt"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Files.delete(src.resolve("sub/readme.md"));
            IngestReport third = ing.ingestFolder(src, IngestListener.NONE);
            assertThat(third.updated()).isEqualTo(1);
            assertThat(third.removed()).isEqualTo(1);
            assertThat(third.unchanged()).isEqualTo(1);
            assertThat(c.documentCount()).isEqualTo(2);
            assertThat(c.search(SearchQuery.text("ice carving valleys", 1)).getFirst().path()).endsWith("volcano.txt");
            assertThat(c.verify()).isEmpty();
        }
    }

    @Test
    void aFolderThatCannotBeListedIsSkippedWithAReasonAndWhatItHeldIsKept() throws IOException {
        Path src = tree("volcano.txt", VOLCANO, "secretdir/garden.txt", GARDEN, "secretdir/deep/chess.txt", CHESS);
        try (Collection c = open()) {
            SkipLines first = new SkipLines();
            IngestReport denied = new Ingestor(c, POOL).disk(denyListing(src.resolve("secretdir"))).ingestFolder(src, first);
            assertThat(counts(denied)).isEqualTo("1 added, 0 updated, 0 unchanged, 0 removed, 1 skipped");
            assertThat(first.lines).containsExactly(src.resolve("secretdir") + ": permission denied");

            assertThat(new Ingestor(c, POOL).ingestFolder(src, IngestListener.NONE).added()).isEqualTo(2);
            Files.writeString(src.resolve("tides.txt"), "The moon's gravity pulls the oceans and makes the tides.");
            SkipLines again = new SkipLines();
            IngestReport r = new Ingestor(c, POOL).disk(denyListing(src.resolve("secretdir"))).ingestFolder(src, again);
            assertThat(counts(r)).isEqualTo("1 added, 0 updated, 1 unchanged, 0 removed, 1 skipped");
            assertThat(again.lines).containsExactly(src.resolve("secretdir") + ": permission denied; kept the 2 documents indexed from it earlier");
            assertThat(c.documentCount()).isEqualTo(4);
            assertThat(c.search(SearchQuery.text("how does a knight move in chess", 1)).getFirst().path()).endsWith("chess.txt");
            assertThat(c.verify()).isEmpty();
        }
    }

    @Test
    void foldersAndFilesWithoutReadPermissionAreSkippedWhenNotRunningAsRoot() throws IOException {
        Path src = tree("volcano.txt", VOLCANO, "secretdir/garden.txt", GARDEN, "private.txt", CHESS);
        Path secret = src.resolve("secretdir");
        Files.setPosixFilePermissions(secret, Set.of());
        Files.setPosixFilePermissions(src.resolve("private.txt"), Set.of());
        try (Collection c = open()) {
            assumeFalse(Files.isReadable(secret), "root reads a folder whatever its permissions (covered with injected failures)");
            SkipLines skipped = new SkipLines();
            IngestReport r = new Ingestor(c, POOL).ingestFolder(src, skipped);
            assertThat(r.added()).isEqualTo(1);
            assertThat(skipped.lines).containsExactly(src.resolve("private.txt") + ": permission denied", secret + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFileThatBecomesEmptyCorruptOrABrokenLinkLeavesTheIndex() throws IOException {
        Path src = tree("long.txt", VOLCANO, "chess.txt", CHESS);
        Files.write(src.resolve("report.docx"), docx(GARDEN));
        try (Collection c = open()) {
            Ingestor ing = new Ingestor(c, POOL);
            assertThat(ing.ingestFolder(src, IngestListener.NONE).added()).isEqualTo(3);
            Files.writeString(src.resolve("long.txt"), "");
            byte[] junk = new byte[4000];
            new java.util.Random(7).nextBytes(junk);
            Files.write(src.resolve("report.docx"), junk);
            Files.delete(src.resolve("chess.txt"));
            Files.createSymbolicLink(src.resolve("chess.txt"), src.resolve("moved/chess.txt"));
            SkipLines skipped = new SkipLines();
            IngestReport r = ing.ingestFolder(src, skipped);
            assertThat(counts(r)).isEqualTo("0 added, 0 updated, 0 unchanged, 3 removed, 3 skipped");
            String removed = "; the earlier version was removed from the index";
            assertThat(skipped.lines).containsExactly(
                    src.resolve("chess.txt") + ": broken symbolic link (its target " + src.resolve("moved/chess.txt") + " does not exist)" + removed,
                    src.resolve("long.txt") + ": empty file" + removed,
                    src.resolve("report.docx") + ": corrupt or unreadable docx (not an Office Open XML file)" + removed);
            assertThat(c.documentCount()).isZero();
            assertThat(c.search(SearchQuery.text("volcano lava", 3))).isEmpty();
            assertThat(c.verify()).isEmpty();
        }
    }

    @Test
    void aFileThatCannotBeReadThisTimeKeepsItsEarlierVersion() throws IOException {
        Path src = tree("private.txt", CHESS, "volcano.txt", VOLCANO);
        Disk denied = new Disk() {
            @Override
            public byte[] read(Path file) throws IOException {
                if (file.endsWith("private.txt")) throw new AccessDeniedException(file.toString());
                return Disk.super.read(file);
            }
        };
        try (Collection c = open()) {
            assertThat(new Ingestor(c, POOL).ingestFolder(src, IngestListener.NONE).added()).isEqualTo(2);
            Files.writeString(src.resolve("private.txt"), GARDEN);
            SkipLines skipped = new SkipLines();
            IngestReport r = new Ingestor(c, POOL).disk(denied).ingestFolder(src, skipped);
            assertThat(counts(r)).isEqualTo("0 added, 0 updated, 1 unchanged, 0 removed, 1 skipped");
            assertThat(skipped.lines).containsExactly(src.resolve("private.txt") + ": permission denied; kept the earlier version");
            assertThat(c.documentCount()).isEqualTo(2);
            assertThat(c.search(SearchQuery.text("how does a knight move in chess", 1)).getFirst().path()).endsWith("private.txt");
        }
    }

    @Test
    void brokenSymbolicLinksAndLinkLoopsAreSkippedWithAReason() throws IOException {
        Path src = tree("volcano.txt", VOLCANO);
        Files.createSymbolicLink(src.resolve("dangling.txt"), src.resolve("missing.txt"));
        Files.createSymbolicLink(src.resolve("loop"), src);
        try (Collection c = open()) {
            SkipLines skipped = new SkipLines();
            IngestReport r = new Ingestor(c, POOL).ingestFolder(src, skipped);
            assertThat(counts(r)).isEqualTo("1 added, 0 updated, 0 unchanged, 0 removed, 2 skipped");
            assertThat(skipped.lines).containsExactly(
                    src.resolve("dangling.txt") + ": broken symbolic link (its target " + src.resolve("missing.txt") + " does not exist)",
                    src.resolve("loop") + ": symbolic link loop (it leads back to an enclosing folder)");
        }
    }

    @Test
    void lineCorpusStoresOnePassagePerLine() throws IOException {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "the sun is a star\n\nbirds migrate south in winter\nsalt dissolves in water\n");
        try (Collection c = open()) {
            Ingestor ing = new Ingestor(c, POOL);
            IngestReport r = ing.ingestLines(corpus, IngestListener.NONE);
            assertThat(r.added()).isEqualTo(3);
            assertThat(c.chunkCount()).isEqualTo(3);
            SearchHit top = c.search(SearchQuery.text("seasonal bird travel", 1)).getFirst();
            assertThat(top.path()).endsWith("corpus.txt#L3");
            assertThat(top.text()).isEqualTo("birds migrate south in winter");
            assertThat(ing.ingestLines(corpus, IngestListener.NONE).unchanged()).isEqualTo(3);
        }
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstPassage() throws IOException {
        Path corpus = Files.writeString(dir.resolve("bom.txt"), "\uFEFFthe sun is a star\nbirds migrate south in winter\n");
        try (Collection c = open()) {
            new Ingestor(c, POOL).ingestLines(corpus, IngestListener.NONE);
            assertThat(c.search(SearchQuery.text("the sun is a star", 1)).getFirst().text()).isEqualTo("the sun is a star");
        }
    }

    @Test
    void aDocumentOverTheChunkCapIsRefusedBeforeAnyEmbeddingAndNothingIsStored() {
        String words = "The glacier carved the valley over many thousands of years and left a lake behind it. ".repeat(40);
        try (Collection c = open()) {
            Ingestor ing = new Ingestor(c, POOL).maxChunks(2);
            assertThatThrownBy(() -> ing.addText("/long.txt", "long", "txt", words)).isInstanceOf(ExtractionException.class)
                    .hasMessageStartingWith("too long for one request: ").hasMessageContaining("chunks, at most 2 are embedded");
            assertThatThrownBy(() -> ing.addFile("upload/long.txt", null, "long.txt", words.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(ExtractionException.class).hasMessageContaining("at most 2");
            assertThat(c.documentCount()).isZero();
            assertThat(new Ingestor(c, POOL).maxChunks(100).addText("/long.txt", "long", "txt", words)).isPositive();
        }
    }

    @Test
    void aPassageWithNulBytesIsSkippedAsBinaryAndItsEarlierTextLeaves() throws IOException {
        Path corpus = Files.writeString(dir.resolve("nul.txt"), "the sun is a star\nbirds migrate south in winter\n");
        try (Collection c = open()) {
            Ingestor ing = new Ingestor(c, POOL);
            ing.ingestLines(corpus, IngestListener.NONE);
            Files.writeString(corpus, "the sun is a star\n\0\0\0\n");
            SkipLines skipped = new SkipLines();
            IngestReport r = ing.ingestLines(corpus, skipped);
            assertThat(r.removed()).isEqualTo(1);
            assertThat(skipped.lines).containsExactly(corpus.toAbsolutePath().normalize()
                    + "#L2: binary content (NUL bytes), not text; the earlier version was removed from the index");
            assertThat(c.documentCount()).isEqualTo(1);
        }
    }

    @Test
    void aMissingFolderOrCorpusDoesNotExist() {
        try (Collection c = open()) {
            Ingestor ing = new Ingestor(c, POOL);
            assertThatThrownBy(() -> ing.ingestFolder(dir.resolve("nope"), IngestListener.NONE)).hasMessage(dir.resolve("nope") + ": does not exist");
            assertThatThrownBy(() -> ing.ingestLines(dir.resolve("nope.txt"), IngestListener.NONE))
                    .hasMessage(dir.resolve("nope.txt") + ": does not exist");
        }
    }

    @Test
    void aLineCorpusThatIsNotUtf8TextFailsWithAPlainReason() throws IOException {
        Path bin = Files.write(dir.resolve("bin.txt"), new byte[]{(byte) 0xff, 0, 1, 2, '\n'});
        try (Collection c = open()) {
            assertThatThrownBy(() -> new Ingestor(c, POOL).ingestLines(bin, IngestListener.NONE))
                    .hasMessage(bin + ": cannot read the passages: not UTF-8 text");
        }
    }

    @Test
    void aRunEndsWithASnapshotOfTheVectorIndexInsideItsTiming() throws IOException {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "the sun is a star\nbirds migrate south in winter\n");
        try (Collection c = open()) {
            new Ingestor(c, POOL).ingestLines(corpus, IngestListener.NONE);
            // before the collection closes: the run itself saved the graph (a reopen need not replay the log)
            try (var files = Files.list(c.folder())) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("vectors-") && n.endsWith(".vmi")))
                        .hasSize(1);
            }
            Path folder = dir.resolve("docs");
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("a.txt"), "salt dissolves in water");
            List<String> before;
            try (var files = Files.list(c.folder())) {
                before = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("vectors-")).toList();
            }
            new Ingestor(c, POOL).ingestFolder(folder, IngestListener.NONE);
            try (var files = Files.list(c.folder())) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("vectors-")).toList())
                        .as("a newer snapshot replaced the older one").hasSize(1).doesNotContainAnyElementsOf(before);
            }
        }
    }
}
