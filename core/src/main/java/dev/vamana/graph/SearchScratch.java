package dev.vamana.graph;

/**
 * The state one search owns while it runs: visited marks, the candidate list, a neighbour buffer, a
 * query buffer, and, during builds, the list of expanded nodes. Reused across searches so that the
 * search loop allocates nothing. Not thread-safe: taken from and returned to a {@link ScratchPool}.
 */
final class SearchScratch {
  private int[] visitedEpochs = new int[0];
  private int epoch;
  final CandidateList candidates = new CandidateList(128);
  int[] neighbors;
  float[] query;
  float[] other;
  float[] nodeVector;
  /** SQ8 query weights plus the per-query constant in the last slot. */
  float[] weights;
  /** Out-parameter of four-at-a-time distances. */
  final float[] four = new float[4];
  // nodes expanded by the last search (build only)
  int[] expandedIds = new int[256];
  float[] expandedDists = new float[256];
  int expandedCount;
  // prune working space
  int[] poolIds = new int[256];
  float[] poolDists = new float[256];
  float[] occlusion = new float[256];
  int[] selected;
  int[] links;
  private long[] sortKeys = new long[256];

  SearchScratch(int dimension, int neighborCapacity) {
    neighbors = new int[neighborCapacity + 1];
    query = new float[dimension];
    other = new float[dimension];
    nodeVector = new float[dimension];
    weights = new float[dimension + 1];
    selected = new int[neighborCapacity + 1];
    links = new int[neighborCapacity + 1];
  }

  private int[] pruneTodo = new int[256];

  int[] pruneTodo(int n) {
    if (pruneTodo.length < n) {
      pruneTodo = new int[Math.max(n, pruneTodo.length * 2)];
    }
    return pruneTodo;
  }

  long[] sortKeys(int n) {
    if (sortKeys.length < n) {
      sortKeys = new long[Math.max(n, sortKeys.length * 2)];
    }
    return sortKeys;
  }

  /** Starts a new search over {@code nodes} nodes: all of them unvisited. */
  void newSearch(int nodes) {
    if (visitedEpochs.length < nodes) {
      visitedEpochs = new int[Math.max(nodes, visitedEpochs.length + (visitedEpochs.length >> 1))];
      epoch = 0;
    }
    if (++epoch == Integer.MAX_VALUE) {
      java.util.Arrays.fill(visitedEpochs, 0);
      epoch = 1;
    }
    expandedCount = 0;
  }

  /** Marks {@code node} visited; returns false when it already was. */
  boolean visit(int node) {
    if (visitedEpochs[node] == epoch) {
      return false;
    }
    visitedEpochs[node] = epoch;
    return true;
  }

  void recordExpanded(int node, float d) {
    if (expandedCount == expandedIds.length) {
      expandedIds = java.util.Arrays.copyOf(expandedIds, expandedCount * 2);
      expandedDists = java.util.Arrays.copyOf(expandedDists, expandedCount * 2);
    }
    expandedIds[expandedCount] = node;
    expandedDists[expandedCount++] = d;
  }

  void ensurePool(int n) {
    if (poolIds.length < n) {
      int m = Math.max(n, poolIds.length * 2);
      poolIds = java.util.Arrays.copyOf(poolIds, m);
      poolDists = java.util.Arrays.copyOf(poolDists, m);
      occlusion = new float[m];
    }
  }
}
