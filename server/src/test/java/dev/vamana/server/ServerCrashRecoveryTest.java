package dev.vamana.server;

import dev.vamana.collection.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real server process with SIGKILL while two clients are adding (and deleting) documents over HTTP,
 * then reopens the collection: every acknowledged add is there, every acknowledged delete is gone, and the
 * vector index, keyword index and database agree, without repair by hand.
 */
class ServerCrashRecoveryTest {
    @TempDir Path data;

    static final String[] TOPICS = {"volcanoes and lava", "sourdough bread", "bird migration", "quantum qubits",
            "castle architecture", "deep sea fish", "jazz improvisation", "tax law"};

    @Test
    void acknowledgedWritesSurviveKillNineOfTheServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ServerCrashChild.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> ackedAdds = Collections.synchronizedList(new ArrayList<>());
        List<String> ackedDeletes = Collections.synchronizedList(new ArrayList<>());
        List<String> deletesSent = Collections.synchronizedList(new ArrayList<>()); // acknowledged or not
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            int port;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                assertThat(line).startsWith("PORT ");
                port = Integer.parseInt(line.substring(5));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            AtomicInteger acks = new AtomicInteger();
            for (int t = 0; t < 2; t++) {
                int client = t;
                clients.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        String path = "/crash/c" + client + "/doc" + i;
                        String body = "{\"path\":\"" + path + "\",\"text\":\"Note " + i + " about " + TOPICS[i % TOPICS.length] + ".\"}";
                        try {
                            var res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/collections/crash/documents"))
                                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (res.statusCode() != 201) return null;
                            ackedAdds.add(path);
                            acks.incrementAndGet();
                            if (i % 4 == 3) { // delete every fourth document again
                                long id = VamanaServer.JSON.readTree(res.body()).get("id").asLong();
                                deletesSent.add(path);
                                var del = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/collections/crash/documents/" + id))
                                        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
                                if (del.statusCode() == 200) ackedDeletes.add(path);
                            }
                        } catch (Exception e) {
                            return null; // the server was killed
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acks.get() < 40 && System.nanoTime() < deadline) Thread.sleep(5);
            p.destroyForcibly(); // SIGKILL, while both clients have requests in flight
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(ackedAdds.size()).isGreaterThanOrEqualTo(40);
        try (var manager = TestServers.manager(data)) {
            Collection c = manager.get("crash");
            assertThat(c.verify()).isEmpty();
            for (String path : List.copyOf(ackedAdds)) {
                if (ackedDeletes.contains(path)) assertThat(c.store().documentByPath(path)).as(path).isNull();
                else if (!deletesSent.contains(path)) assertThat(c.store().documentByPath(path)).as(path).isNotNull();
            }
            assertThat(c.indexedVectors()).isEqualTo((int) c.chunkCount());
            assertThat(c.indexedKeywords()).isEqualTo((int) c.chunkCount());
        }
    }
}
