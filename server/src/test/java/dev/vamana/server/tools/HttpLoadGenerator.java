package dev.vamana.server.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded loopback load generator for {@code POST /collections/{name}/search} (a benchmark tool, not a test).
 *
 * <pre>
 * HttpLoadGenerator URL COLLECTION QUERIES CLIENTS SECONDS [text|vector] [WARMUP_SECONDS] [RATE]
 * </pre>
 * QUERIES is a text file with one query per line (mode text) or an .fvecs file of query vectors (mode vector).
 * Each of CLIENTS threads sends one request at a time, queries in turn, for SECONDS (after the warm-up), and
 * stops by itself. Prints requests, errors, throughput and latency percentiles.
 *
 * <p>Without RATE (or 0) it is a closed loop: each client sends its next request as soon as the last one is
 * answered. With RATE, the clients together offer RATE requests per second on a fixed schedule (each client
 * every CLIENTS / RATE seconds, the clients evenly staggered), and a latency is counted from the time the request
 * was due, not from when it was sent, so a slow answer that delays the next request counts against that request
 * as well (no coordinated omission).
 */
public final class HttpLoadGenerator {
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: HttpLoadGenerator URL COLLECTION QUERIES CLIENTS SECONDS [text|vector] [WARMUP_SECONDS]");
            System.exit(2);
        }
        String url = args[0].replaceAll("/$", "") + "/collections/" + args[1] + "/search";
        boolean vector = args.length > 5 && args[5].equals("vector");
        List<String> bodies = vector ? vectorBodies(Path.of(args[2])) : textBodies(Path.of(args[2]));
        int clients = Integer.parseInt(args[3]);
        int seconds = Math.min(600, Integer.parseInt(args[4]));
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        double rate = args.length > 7 ? Double.parseDouble(args[7]) : 0;
        if (!URI.create(url).getHost().matches("127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[?::1\\]?")) {
            throw new IllegalArgumentException("loopback targets only, got " + url);
        }
        run(url, bodies, clients, warmup, rate);
        Result r = run(url, bodies, clients, seconds, rate);
        long[] lat = r.latencies;
        Arrays.sort(lat);
        System.out.printf("clients=%d seconds=%d mode=%s offered=%s requests=%d errors=%d qps=%.1f mean_ms=%.2f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                clients, seconds, vector ? "vector" : "text", rate > 0 ? rate + "/s" : "closed-loop", lat.length, r.errors, lat.length / (r.nanos / 1e9),
                Arrays.stream(lat).average().orElse(0) / 1e6, pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
    }

    record Result(long[] latencies, long errors, long nanos) {}

    static Result run(String url, List<String> bodies, int clients, int seconds, double rate) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong errors = new AtomicLong();
        AtomicLong next = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[clients];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long interval = rate > 0 ? Math.round(clients * 1e9 / rate) : 0;
        Thread[] threads = new Thread[clients];
        for (int t = 0; t < clients; t++) {
            perThread.add(null);
            int id = t;
            threads[t] = new Thread(() -> {
                // small and grown by doubling: a big preallocated array is live data that every young GC of
                // this JVM copies (2M longs per client made 100-270 ms pauses that counted as server latency)
                long[] lat = new long[1024];
                int n = 0;
                long due = start + (interval * id) / clients;
                while (System.nanoTime() < end) {
                    String body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
                    long t0;
                    if (interval > 0) {
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        if (due >= end) break;
                        t0 = due;
                        due += interval;
                    } else {
                        t0 = System.nanoTime();
                    }
                    try {
                        var res = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                        if (res.statusCode() != 200) errors.incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    if (n == lat.length) lat = Arrays.copyOf(lat, 2 * n);
                    lat[n++] = System.nanoTime() - t0;
                }
                synchronized (perThread) {
                    perThread.set(id, lat);
                }
                counts[id] = n;
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join(); // join orders the workers' writes before the reads below
        long nanos = System.nanoTime() - start;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int o = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(perThread.get(t), 0, all, o, counts[t]);
            o += counts[t];
        }
        return new Result(all, errors.get(), nanos);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static List<String> textBodies(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String q : Files.readAllLines(file)) {
            if (q.isBlank()) continue;
            String esc = q.replace("\\", "\\\\").replace("\"", "\\\"");
            out.add("{\"query\":\"" + esc + "\",\"k\":10}");
        }
        return out;
    }

    static List<String> vectorBodies(Path fvecs) throws IOException {
        List<String> out = new ArrayList<>();
        for (float[] v : DatasetFiles.floats(fvecs)) {
            StringBuilder sb = new StringBuilder("{\"k\":10,\"vector\":[");
            for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
            out.add(sb.append("]}").toString());
        }
        return out;
    }
}
