package dev.vamana.collection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a real child JVM with SIGKILL in the middle of ingestion and checks what survives. */
class CrashRecoveryTest {
    @TempDir Path dir;

    static final String[] TOPICS = {"volcano eruptions and lava", "baking sourdough bread", "migration of birds",
            "quantum computing qubits", "medieval castle architecture", "deep sea fish", "jazz improvisation", "tax law"};

    static String text(int i) {
        return "Note " + i + " about " + TOPICS[i % TOPICS.length] + ". It was written as entry number " + i + ".";
    }

    private static Process child(String... args) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void killNineDuringABulkLineIngestKeepsEveryStoredLineAndTheIndexesAgree() throws Exception {
        Path folder = dir.resolve("crash");
        Path lines = dir.resolve("lines.txt");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 4000; i++) texts.add(text(i));
        java.nio.file.Files.write(lines, texts);
        Process p = child(folder.toString(), lines.toString());
        // past the checkpoint at 300, with vectors still buffered for bulk linking
        List<Long> acks = killAfter(p, a -> !a.isEmpty() && a.getLast() >= 700);
        long acked = acks.isEmpty() ? 0 : acks.getLast();
        assertThat(acked).isGreaterThanOrEqualTo(700);
        try (Collection c = Collection.open("crash", folder, CollectionTest.EMBEDDER, VamanaVectorIndex.factory())) {
            assertThat(c.verify()).isEmpty();
            assertThat(c.chunkCount()).isBetween(acked, 4000L);
            for (long n = 1; n <= acked; n++) {
                assertThat(c.store().documentByPath(lines.toAbsolutePath().normalize() + "#L" + n)).as("line %d", n).isNotNull();
            }
            assertThat(c.indexedVectors()).isEqualTo((int) c.chunkCount());
            assertThat(c.search(SearchQuery.text("birds flying south", 3))).isNotEmpty()
                    .allSatisfy(h -> assertThat(h.text()).contains("migration of birds"));
        }
    }

    @Test
    void acknowledgedAddsAndDeletesSurviveKillNineAndIndexesAgreeWithDatabase() throws Exception {
        Path folder = dir.resolve("crash");
        Process p = child(folder.toString());
        List<Integer> acked = killAfter(p, a -> a.size() >= 23).stream().map(Long::intValue).toList(); // past a few checkpoints, not at one
        assertThat(acked).hasSize(23);
        try (Collection c = Collection.open("crash", folder, CollectionTest.EMBEDDER, VamanaVectorIndex.factory())) {
            assertThat(c.verify()).isEmpty();
            for (int i : acked) {
                boolean deletedByChild = i % 5 == 2 && acked.contains(i + 2);
                if (deletedByChild) assertThat(c.store().documentByPath("/crash/doc" + i)).as("doc %d deleted", i).isNull();
                else assertThat(c.store().documentByPath("/crash/doc" + i)).as("doc %d", i).isNotNull();
            }
            assertThat(c.indexedVectors()).isEqualTo((int) c.chunkCount());
            assertThat(c.search(SearchQuery.text("birds flying south", 3))).isNotEmpty()
                    .allSatisfy(h -> assertThat(h.path()).startsWith("/crash/doc"));
        }
    }

    /** Reads the child's "ACK n" lines until {@code enough} holds for those read, then kills it with SIGKILL. */
    private static List<Long> killAfter(Process p, java.util.function.Predicate<List<Long>> enough) throws Exception {
        List<Long> acks = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ACK ")) acks.add(Long.parseLong(line.substring(4)));
                if (enough.test(acks)) break;
            }
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        return acks;
    }
}
