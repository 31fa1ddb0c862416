package dev.vamana.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedLocksTest {
    @Test
    void callersOfOneKeyTakeTurnsAndNoLockOutlivesItsUsers() throws Exception {
        KeyedLocks locks = new KeyedLocks();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = i % 2 == 0 ? "a" : "b/" + i;
                fs.add(pool.submit(() -> locks.call(key, () -> {
                    if (key.equals("a")) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        inside.decrementAndGet();
                    }
                    return 1;
                })));
            }
            for (Future<Integer> f : fs) assertThat(f.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(locks.size()).isZero();
    }
}
