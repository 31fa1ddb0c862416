package dev.vamana.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdMapTest {
  @Test
  void randomPutsAndRemovesAgreeWithAHashMap() {
    IdMap m = new IdMap();
    Map<Long, Integer> ref = new HashMap<>();
    boolean[] live = new boolean[20000];
    SplittableRandom r = new SplittableRandom(5);
    int next = 0;
    for (int step = 0; step < 40000; step++) {
      if (r.nextInt(3) > 0 || ref.isEmpty()) {
        long id = r.nextLong(50000) - 1000;
        if (ref.containsKey(id) || next >= live.length) continue;
        m.put(id, next, o -> live[o]);
        live[next] = true;
        ref.put(id, next++);
      } else {
        long id = ref.keySet().iterator().next();
        int ord = ref.remove(id);
        live[ord] = false;
        m.remove(id);
      }
    }
    for (var e : ref.entrySet()) {
      assertThat(m.ordinal(e.getKey(), o -> live[o])).isEqualTo(e.getValue());
      assertThat(m.externalId(e.getValue())).isEqualTo(e.getKey());
    }
    for (long id = -1000; id < 49000; id += 7) {
      if (!ref.containsKey(id)) assertThat(m.ordinal(id, o -> live[o])).isEqualTo(-1);
    }
  }

  @Test
  void identityIdsNeedNoTable() {
    IdMap m = new IdMap();
    for (int i = 0; i < 1000; i++) m.put(i, i, o -> true);
    long withoutTable = m.bytes();
    m.put(5000, 1000, o -> true);
    assertThat(m.bytes()).isGreaterThan(withoutTable);
    assertThat(m.ordinal(5000, o -> true)).isEqualTo(1000);
    assertThat(m.ordinal(999, o -> true)).isEqualTo(999);
  }
}
