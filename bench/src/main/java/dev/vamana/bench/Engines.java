package dev.vamana.bench;

import dev.vamana.VamanaException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The engines the side-by-side benchmark knows, by name, each with its recommended high-recall
 * settings. Stateless and thread-safe; every call to {@link #create} returns a new, unbuilt engine
 * owned by the caller.
 */
public final class Engines {
  /** Every engine name {@link #create} accepts. */
  public static final List<String> NAMES = List.of("vamana", "vamana-sq8", "jvector", "lucene", "lucene-default");

  private Engines() {}

  /** A new engine named {@code name} (see {@link #NAMES}). */
  public static Engine create(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "vamana" -> new VamanaEngine();
      case "vamana-sq8" -> new VamanaEngine(dev.vamana.graph.Quantization.SQ8);
      case "jvector" -> new JVectorEngine();
      case "lucene" -> new LuceneHnswEngine("lucene", 32, 250);
      case "lucene-default" -> new LuceneHnswEngine("lucene-default", 16, 100);
      default -> throw new VamanaException("unknown engine '" + name + "' (expected one of "
          + String.join(", ", NAMES) + ")");
    };
  }

  /**
   * Parses a comma-separated engine list, e.g. {@code vamana,jvector,lucene}: names are checked,
   * lower-cased and de-duplicated in order.
   */
  public static List<String> parseList(String list) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String s : list.split(",")) {
      String n = s.trim().toLowerCase(Locale.ROOT);
      if (n.isEmpty()) {
        continue;
      }
      if (!NAMES.contains(n)) {
        throw new VamanaException("unknown engine '" + s.trim() + "' in --engines (expected one of "
            + String.join(", ", NAMES) + ")");
      }
      out.add(n);
    }
    if (out.isEmpty()) {
      throw new VamanaException("--engines is empty (expected one or more of "
          + String.join(", ", NAMES) + ")");
    }
    return new ArrayList<>(out);
  }
}
