package dev.vamana.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static dev.vamana.cli.DocSearchCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code vamana serve}: bad settings fail at start in one line; a server open to the network without a key is flagged. */
class ServeCommandTest {
    @TempDir Path dir;

    /** A serve command that returns once it is serving (after checking the URL) instead of serving until stopped. */
    static ServeCommand stoppingAtOnce(AtomicReference<String> url) {
        ServeCommand serve = new ServeCommand();
        serve.whileServing = server -> url.set(server.url());
        return serve;
    }

    static ServeCommand neverServing() {
        ServeCommand serve = new ServeCommand();
        serve.whileServing = server -> fail("started serving at " + server.url());
        return serve;
    }

    static void assertOneLineError(DocSearchCommandsTest.Run r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith("vamana: error: ").contains(fragments);
    }

    /** A usage error as picocli's own: exit 2, one line that points at the command's help. */
    static void assertUsageError(CliHarness.Result r, String command, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith("vamana: error: ").contains(fragments).contains("(see 'vamana " + command + " --help')");
    }

    @Test
    void anEmptyApiKeyIsAnErrorNotAnOpenServer() {
        String data = dir.resolve("data").toString();
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            assertUsageError(CliHarness.run("serve", "--api-key", "", "--port", "0", "--data", data), "serve", "--api-key", "empty");
            assertUsageError(CliHarness.run("serve", "--api-key", "  ", "--port", "0", "--data", data), "serve", "--api-key", "empty");
            ServeCommand blankEnv = neverServing();
            blankEnv.env = name -> name.equals("VAMANA_API_KEY") ? "" : null;
            assertOneLineError(run(blankEnv, "--port", "0", "--data", data), "VAMANA_API_KEY", "empty");
        });
    }

    @Test
    void maxBodyMbIsCheckedInMegabytesAsAUsageError() {
        String data = dir.resolve("data").toString();
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            for (String mb : new String[]{"0", "-3", "2048"}) {
                var r = CliHarness.run("serve", "--max-body-mb", mb, "--port", "0", "--data", data);
                assertUsageError(r, "serve", "--max-body-mb: expected 1..2047 (megabytes), got " + mb);
                assertThat(r.err()).doesNotContain("1024");
            }
            AtomicReference<String> url = new AtomicReference<>();
            var largest = run(stoppingAtOnce(url), "--max-body-mb", "2047", "--port", "0", "--data", data);
            assertThat(largest.code()).as(largest.err()).isZero();
        });
    }

    @Test
    void aPortOutOfRangeIsAUsageErrorForServeAndDemo() {
        String data = dir.resolve("data").toString();
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            for (String port : new String[]{"99999", "-1", "65536"}) {
                assertUsageError(CliHarness.run("serve", "--port", port, "--data", data), "serve", "--port: expected 0..65535", "got " + port);
                assertUsageError(CliHarness.run("demo", "--port", port, "--data", data, "--wordnet", "0"), "demo", "--port: expected 0..65535");
            }
            assertThat(Files.exists(dir.resolve("data"))).as("nothing ingested").isFalse();
        });
    }

    @Test
    void aDataPathThatIsAFileFailsAtStart() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");
        assertTimeoutPreemptively(Duration.ofMinutes(1), () ->
                assertOneLineError(run(neverServing(), "--port", "0", "--data", file.toString()), file.toString(), "not a folder"));
    }

    @Test
    void servingBeyondThisMachineWithoutAKeyPrintsAWarning() {
        String data = dir.resolve("data").toString();
        AtomicReference<String> url = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            var open = run(stoppingAtOnce(url), "--host", "0.0.0.0", "--port", "0", "--data", data);
            assertThat(open.code()).as(open.err()).isZero();
            assertThat(url.get()).startsWith("http://127.0.0.1:");
            int port = java.net.URI.create(url.get()).getPort();
            assertThat(open.out()).contains("listening on all interfaces, port " + port + "; on this machine: http://127.0.0.1:" + port + "/")
                    .doesNotContain("http://0.0.0.0");
            assertThat(open.err().lines().filter(l -> l.startsWith("vamana: warning: ")).toList()).singleElement().asString()
                    .contains("0.0.0.0").contains("without an API key").contains("--api-key");
            var keyed = run(stoppingAtOnce(url), "--host", "0.0.0.0", "--port", "0", "--api-key", "k3y", "--data", data);
            assertThat(keyed.code()).isZero();
            assertThat(keyed.err()).doesNotContain("warning");
            var local = run(stoppingAtOnce(url), "--host", "localhost", "--port", "0", "--data", data);
            assertThat(local.code()).isZero();
            assertThat(local.err()).doesNotContain("warning");
            assertThat(local.out()).contains("open http://localhost:");
        });
    }
}
