package dev.vamana.graph;

import java.util.SplittableRandom;

/** Seeded Fisher-Yates shuffle: the insertion order of a bulk build. */
final class Shuffle {
  private Shuffle() {}

  static void shuffle(int[] a, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
