package dev.vamana.server;

import dev.vamana.collection.CollectionManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters and latency histograms, written in the Prometheus text exposition format (version 0.0.4).
 * Thread-safe (lock-free adders).
 */
final class Metrics {
    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Key(String method, String route, int status) {}

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) counts[i].increment();
            count.increment();
            sum.add(seconds);
        }
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

    void record(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(new Key(method, route, status), k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, r -> new Histogram()).observe(nanos / 1e9);
    }

    String render(CollectionManager collections) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# HELP vamana_http_requests_total HTTP requests by method, route and status.\n");
        sb.append("# TYPE vamana_http_requests_total counter\n");
        requests.forEach((k, v) -> sb.append("vamana_http_requests_total{method=\"").append(k.method()).append("\",route=\"")
                .append(esc(k.route())).append("\",status=\"").append(k.status()).append("\"} ").append(v.sum()).append('\n'));
        sb.append("# HELP vamana_http_request_duration_seconds HTTP request latency by route.\n");
        sb.append("# TYPE vamana_http_request_duration_seconds histogram\n");
        latency.forEach((route, h) -> {
            String r = esc(route);
            for (int i = 0; i < BUCKETS.length; i++) {
                sb.append("vamana_http_request_duration_seconds_bucket{route=\"").append(r).append("\",le=\"").append(BUCKETS[i])
                        .append("\"} ").append(h.counts[i].sum()).append('\n');
            }
            sb.append("vamana_http_request_duration_seconds_bucket{route=\"").append(r).append("\",le=\"+Inf\"} ").append(h.count.sum()).append('\n');
            sb.append("vamana_http_request_duration_seconds_sum{route=\"").append(r).append("\"} ").append(h.sum.sum()).append('\n');
            sb.append("vamana_http_request_duration_seconds_count{route=\"").append(r).append("\"} ").append(h.count.sum()).append('\n');
        });
        sb.append("# HELP vamana_collection_documents Documents per collection.\n# TYPE vamana_collection_documents gauge\n");
        StringBuilder chunks = new StringBuilder("# HELP vamana_collection_chunks Chunks per collection.\n# TYPE vamana_collection_chunks gauge\n");
        for (String name : collections.names()) {
            var c = collections.get(name);
            sb.append("vamana_collection_documents{collection=\"").append(esc(name)).append("\"} ").append(c.documentCount()).append('\n');
            chunks.append("vamana_collection_chunks{collection=\"").append(esc(name)).append("\"} ").append(c.chunkCount()).append('\n');
        }
        sb.append(chunks);
        Runtime rt = Runtime.getRuntime();
        sb.append("# HELP vamana_jvm_heap_used_bytes Heap in use.\n# TYPE vamana_jvm_heap_used_bytes gauge\n");
        sb.append("vamana_jvm_heap_used_bytes ").append(rt.totalMemory() - rt.freeMemory()).append('\n');
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
