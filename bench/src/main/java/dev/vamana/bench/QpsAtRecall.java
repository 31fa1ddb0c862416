package dev.vamana.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * QPS of one engine at a target recall, interpolated over its sweep: the sweep points are ordered
 * by recall, and the QPS is interpolated linearly between the last point below the target and the
 * first point at or above it. When the lowest recall already reaches the target, that point's QPS
 * is returned (a lower bound); when no point reaches it, the result is empty (printed {@code n/a}).
 * Points with a NaN recall are ignored. Stateless and thread-safe.
 */
public final class QpsAtRecall {
  private QpsAtRecall() {}

  /** Interpolated QPS at {@code targetRecall} over the rows of one engine's sweep. */
  public static OptionalDouble interpolate(List<ResultRow> sweep, double targetRecall) {
    List<ResultRow> pts = new ArrayList<>();
    for (ResultRow r : sweep) {
      if (!Double.isNaN(r.recall())) {
        pts.add(r);
      }
    }
    // by recall; equal recall: higher QPS first, so the best point at that recall is used
    pts.sort(Comparator.comparingDouble(ResultRow::recall)
        .thenComparing(Comparator.comparingDouble(ResultRow::qps).reversed()));
    for (int i = 0; i < pts.size(); i++) {
      ResultRow hi = pts.get(i);
      if (hi.recall() >= targetRecall) {
        if (i == 0) {
          return OptionalDouble.of(hi.qps());
        }
        ResultRow lo = pts.get(i - 1);
        double t = (targetRecall - lo.recall()) / (hi.recall() - lo.recall());
        return OptionalDouble.of(lo.qps() + t * (hi.qps() - lo.qps()));
      }
    }
    return OptionalDouble.empty();
  }

  /** Rows of {@code engine} only, in their original order. */
  public static List<ResultRow> ofEngine(List<ResultRow> rows, String engine) {
    return rows.stream().filter(r -> r.engine().equals(engine)).toList();
  }

  /** {@code n/a} for an empty value, else the QPS rounded to a whole number. */
  public static String format(OptionalDouble qps) {
    return qps.isPresent() ? String.format(Locale.ROOT, "%.0f", qps.getAsDouble()) : "n/a";
  }
}
