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
  public static final List<String> NAMES = List.of("vamana", "vamana-sq8", "vamana-disk", "vamana-disk-mmap",
      "jvector", "jvector-disk", "lucene", "lucene-default", "lucene-sq4", "lucene-sq1");

  private Engines() {}

  /** A new engine named {@code name} (see {@link #NAMES}), PQ engines with their default code size. */
  public static Engine create(String name) {
    return create(name, 0);
  }

  /**
   * A new engine named {@code name} (see {@link #NAMES}); {@code pqBytes}, when not 0, is the PQ
   * code size (bytes per vector) of the engines that keep PQ codes in RAM ({@code vamana-disk},
   * {@code vamana-disk-mmap}, {@code jvector-disk}) instead of their default of a third of the
   * dimension. Other engines ignore it.
   */
  public static Engine create(String name, int pqBytes) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "vamana" -> new VamanaEngine();
      case "vamana-sq8" -> new VamanaEngine(dev.vamana.graph.Quantization.SQ8);
      case "vamana-disk" -> new VamanaDiskEngine(dev.vamana.disk.IoMode.DIRECT, pqBytes);
      case "vamana-disk-mmap" -> new VamanaDiskEngine(dev.vamana.disk.IoMode.MMAP, pqBytes);
      case "jvector" -> new JVectorEngine();
      case "jvector-disk" -> new JVectorDiskEngine(pqBytes);
      case "lucene" -> new LuceneHnswEngine("lucene", 32, 250);
      case "lucene-default" -> new LuceneHnswEngine("lucene-default", 16, 100);
      case "lucene-sq4" -> new LuceneQuantizedEngine("lucene-sq4", 4);
      case "lucene-sq1" -> new LuceneQuantizedEngine("lucene-sq1", 1);
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
