package dev.vamana.bench;

import dev.vamana.VamanaException;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The search-list values a sweep visits. The default list, {@code 10,16,24,32,48,64,96,128,192,256}
 * scaled by {@code k/10} (never below {@code k}), spans recall@k from about 0.8 to above 0.99 on
 * typical text-embedding sets for every engine. Stateless.
 */
public final class SearchParams {
  private static final int[] BASE = {10, 16, 24, 32, 48, 64, 96, 128, 192, 256};

  private SearchParams() {}

  /** The default sweep for {@code k}, ascending and without repeats. */
  public static int[] defaults(int k) {
    if (k <= 0) {
      throw new VamanaException("k must be positive, got " + k);
    }
    TreeSet<Integer> set = new TreeSet<>();
    for (int b : BASE) {
      set.add(Math.max(k, (int) Math.round(b * (k / 10.0))));
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Parses a comma-separated list such as {@code 10,20,40}; every value must be at least {@code
   * k}. Returns the values ascending without repeats.
   */
  public static int[] parse(String list, int k) {
    return parseAscending(list, "--params", k,
        "is smaller than k=" + k + " (the search list must hold at least k candidates)", "10,20,40,80");
  }

  /**
   * Parses a comma-separated list of integers of the option {@code option}, each at least {@code
   * min} (else the error says the value and {@code tooSmall}); returns them ascending without
   * repeats. An empty list, or a value that is not an integer, is an error that names the option.
   */
  public static int[] parseAscending(String list, String option, int min, String tooSmall, String example) {
    TreeSet<Integer> set = new TreeSet<>();
    for (String s : list.split(",")) {
      String t = s.trim();
      if (t.isEmpty()) {
        continue;
      }
      int v;
      try {
        v = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new VamanaException(option + " value '" + t + "' is not an integer");
      }
      if (v < min) {
        throw new VamanaException(option + " value " + v + " " + tooSmall);
      }
      set.add(v);
    }
    if (set.isEmpty()) {
      throw new VamanaException(option + " is empty (expected e.g. " + example + ")");
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The list as {@code 10,16,24}. */
  public static String format(int[] params) {
    return String.join(",", Arrays.stream(params).mapToObj(Integer::toString).toList());
  }
}
