package dev.vamana.bench;

import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One jvector {@link GraphSearcher} per search thread over a graph (searchers are not thread-safe),
 * all closed together; and the ids of a jvector result. Thread-safe. Closing does not close the graph.
 */
final class JVectorSearchers {
  private final List<GraphSearcher> all = new ArrayList<>();
  private final ThreadLocal<GraphSearcher> mine;

  JVectorSearchers(ImmutableGraphIndex graph) {
    mine = ThreadLocal.withInitial(() -> {
      GraphSearcher s = new GraphSearcher(graph);
      synchronized (all) {
        all.add(s);
      }
      return s;
    });
  }

  /** This thread's searcher. */
  GraphSearcher get() {
    return mine.get();
  }

  /** Closes every searcher handed out (releasing a view of a graph cannot fail in a way that matters here). */
  void close() {
    synchronized (all) {
      for (GraphSearcher s : all) {
        try {
          s.close();
        } catch (IOException ignored) {
          // an on-heap graph holds nothing, a read-only file view nothing that needs flushing
        }
      }
      all.clear();
    }
  }

  /** The node ids of the first {@code k} results. */
  static int[] topIds(SearchResult r, int k) {
    SearchResult.NodeScore[] nodes = r.getNodes();
    int[] ids = new int[Math.min(k, nodes.length)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = nodes[i].node;
    }
    return ids;
  }
}
