package dev.vamana.server;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One lock per key, held only while some caller uses it: callers with the same key take turns, callers with
 * different keys do not wait for each other. Thread-safe.
 */
final class KeyedLocks {
    private static final class Entry {
        int users; // changed only inside ConcurrentHashMap.compute for its key
    }

    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    /** Runs {@code body} holding the lock of {@code key}; returns its result. */
    <T> T call(String key, Callable<T> body) throws Exception {
        Entry e = locks.compute(key, (k, v) -> {
            Entry x = v == null ? new Entry() : v;
            x.users++;
            return x;
        });
        try {
            synchronized (e) {
                return body.call();
            }
        } finally {
            locks.compute(key, (k, v) -> --v.users == 0 ? null : v);
        }
    }

    /** Keys in use (for tests). */
    int size() {
        return locks.size();
    }
}
