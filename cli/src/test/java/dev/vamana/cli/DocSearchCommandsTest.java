package dev.vamana.cli;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DocSearchCommandsTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void ingestThenQueryFindsTheDocumentAndReRunSkipsUnchangedFiles() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("tides.md"), "# Tides\nThe moon's gravity pulls the oceans and makes the tides rise and fall twice a day.");
        Files.writeString(src.resolve("oven.txt"), "Preheat the oven before baking cookies so they cook evenly.");
        Files.writeString(src.resolve("notes.xyz"), "unsupported");
        String data = dir.resolve("data").toString();

        Run ingest = run(new IngestCommand(), src.toString(), "--collection", "mine", "--data", data);
        assertThat(ingest.code()).as(ingest.err()).isZero();
        assertThat(ingest.out()).contains("2 added").contains("1 skipped").contains("collection mine: 2 documents");
        assertThat(ingest.err()).contains("skipped").contains("notes.xyz: unsupported file type");

        Run again = run(new IngestCommand(), src.toString(), "--collection", "mine", "--data", data);
        assertThat(again.out()).contains("0 added").contains("2 unchanged");

        Run query = run(new QueryCommand(), "why does the sea level change during the day", "--collection", "mine", "--data", data, "--k", "1");
        assertThat(query.code()).as(query.err()).isZero();
        assertThat(query.out()).contains(" 1. ").contains("Tides").contains("tides.md").contains("1 result in");
    }

    @Test
    void typeFiltersIgnoreCaseAndTheDotAndAnAbsentTypeGetsAHint() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("tides.md"), "# Tides\nThe moon's gravity pulls the oceans and makes the tides rise and fall.");
        Files.writeString(src.resolve("oven.txt"), "Preheat the oven before baking cookies so they cook evenly.");
        String data = dir.resolve("data").toString();
        assertThat(run(new IngestCommand(), src.toString(), "--collection", "mine", "--data", data).code()).isZero();

        Run md = run(new QueryCommand(), "sea level", "--collection", "mine", "--data", data, "--type", ".MD");
        assertThat(md.out()).contains("tides.md").doesNotContain("oven.txt").contains("1 result in");
        Run pdf = run(new QueryCommand(), "sea level", "--collection", "mine", "--data", data, "--type", "PDF");
        assertThat(pdf.code()).isZero();
        assertThat(pdf.out()).contains("0 results in").contains("no documents of type pdf in collection mine (it has: md, txt)");
    }

    @Test
    void lineCorpusIsIngestedOnePassagePerLine() throws Exception {
        Path corpus = Files.writeString(dir.resolve("lines.txt"), "red apples grow on trees\nthe violin has four strings\n");
        String data = dir.resolve("data").toString();
        Run ingest = run(new IngestCommand(), corpus.toString(), "--lines", "--collection", "lines", "--data", data);
        assertThat(ingest.out()).contains("2 added").contains("2 documents, 2 chunks");
        Run query = run(new QueryCommand(), "string instrument", "--collection", "lines", "--data", data, "--k", "1");
        assertThat(query.out()).contains("lines.txt#L2");
        Path one = Files.writeString(dir.resolve("one.txt"), "a single passage\n");
        Run single = run(new IngestCommand(), one.toString(), "--lines", "--collection", "one", "--data", data);
        assertThat(single.out()).contains("1 chunk embedded").contains("collection one: 1 document, 1 chunk in ");
        Run again = run(new IngestCommand(), one.toString(), "--lines", "--collection", "one", "--data", data);
        assertThat(again.out()).contains("1 unchanged").contains("nothing to embed");
    }

    @Test
    void aFailedIngestLeavesNoNewCollectionBehindButKeepsAnExistingOne() throws Exception {
        Path bin = Files.write(dir.resolve("bin.txt"), new byte[]{(byte) 0xff, 0, 1, 2, '\n'});
        Path data = dir.resolve("data");
        Run failed = run(new IngestCommand(), bin.toString(), "--lines", "--collection", "lines3", "--data", data.toString());
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.err().strip()).isEqualTo("vamana: error: " + bin + ": cannot read the passages: not UTF-8 text");
        assertThat(data.resolve("lines3")).doesNotExist();

        Path src = Files.createDirectories(dir.resolve("src"));
        assertThat(run(new IngestCommand(), src.toString(), "--collection", "empty", "--data", data.toString()).code()).isZero();
        assertThat(run(new IngestCommand(), bin.toString(), "--lines", "--collection", "empty", "--data", data.toString()).code()).isEqualTo(1);
        assertThat(data.resolve("empty").resolve("docs.db")).as("an existing collection stays, even empty").exists();
    }

    @Test
    void userErrorsAreOneLineWithExitCodeOne() {
        String data = dir.resolve("data").toString();
        Run missing = run(new IngestCommand(), dir.resolve("nope").toString(), "--collection", "x", "--data", data);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("vamana: error: " + dir.resolve("nope") + ": does not exist");
        Run missingLines = run(new IngestCommand(), dir.resolve("nope.txt").toString(), "--lines", "--collection", "x", "--data", data);
        assertThat(missingLines.err().strip()).isEqualTo("vamana: error: " + dir.resolve("nope.txt") + ": does not exist");
        Run folderAsLines = run(new IngestCommand(), dir.toString(), "--lines", "--collection", "x", "--data", data);
        assertThat(folderAsLines.err()).contains("expected a text file");
        Run noColl = run(new QueryCommand(), "hello", "--collection", "absent", "--data", data);
        assertThat(noColl.code()).isEqualTo(1);
        assertThat(noColl.err()).contains("collection 'absent' not found");
        Run badName = run(new IngestCommand(), dir.toString(), "--collection", "../x", "--data", data);
        assertThat(badName.err()).contains("collection name");
    }

    @Test
    void queryUsageErrorsExitWithTwoBeforeOpeningAnything() {
        String data = dir.resolve("data").toString();
        for (String k : List.of("0", "1001")) {
            Run badK = run(new QueryCommand(), "hello", "--collection", "absent", "--data", data, "--k", k);
            assertThat(badK.code()).as(badK.err()).isEqualTo(2);
            assertThat(badK.err()).contains("--k must be between 1 and 1000, got " + k).doesNotContain("not found");
        }
        Run blank = run(new QueryCommand(), "  ", "--collection", "absent", "--data", data);
        assertThat(blank.code()).isEqualTo(2);
        assertThat(blank.err()).contains("the query TEXT is empty").doesNotContain("\"query\"");
        Run badMode = run(new QueryCommand(), "hello", "--collection", "absent", "--data", data, "--mode", "bm25");
        assertThat(badMode.code()).isEqualTo(2);
        assertThat(badMode.err()).contains("--mode must be vector or hybrid, got 'bm25'");
        assertThat(Files.exists(dir.resolve("data"))).as("nothing created").isFalse();
    }

    @Test
    void demoIngestsTheBundledCorpusWithoutServing() {
        String data = dir.resolve("data").toString();
        Run demo = run(new DemoCommand(), "--no-serve", "--wordnet", "0", "--data", data);
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("bundled documents").containsPattern("collection 'demo' has [1-9]\\d* documents");
        Run query = run(new QueryCommand(), "how do I search my documents", "--collection", "demo", "--data", data, "--k", "3");
        assertThat(query.code()).isZero();
        assertThat(query.out()).contains(" 1. ").contains("demo-corpus/docs/").contains(".md");
    }

    @Test
    void demoWithFewerOrNoWordNetDefinitionsRemovesThoseOfAnEarlierRun() throws Exception {
        String data = dir.resolve("data").toString();
        Path nouns = dir.resolve("data.noun"); // the format of Debian's /usr/share/wordnet/data.noun
        Files.writeString(nouns, """
                  1 This software and database is being provided to you, the LICENSEE, by
                00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 | that which is perceived or known to exist
                00002137 03 n 02 abstraction 0 abstract_entity 0 010 ~ 00023280 n 0000 | a general concept formed by extracting common features
                00002452 03 n 01 thing 0 012 ~ 00002452 n 0000 | a separate and self-contained entity
                """);
        DemoCommand three = new DemoCommand();
        three.wordnetNouns = nouns;
        Run first = run(three, "--no-serve", "--wordnet", "3", "--data", data);
        assertThat(first.code()).as(first.err()).isZero();
        int bundled = Integer.parseInt(first.out().replaceAll("(?s).*demo: (\\d+) bundled documents.*", "$1"));
        assertThat(first.out()).contains("indexing 3 WordNet noun definitions")
                .contains("collection 'demo' has " + (bundled + 3) + " documents");
        DemoCommand none = new DemoCommand();
        none.wordnetNouns = nouns;
        Run second = run(none, "--no-serve", "--wordnet", "0", "--data", data);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("3 removed").contains("collection 'demo' has " + bundled + " documents");
    }
}
