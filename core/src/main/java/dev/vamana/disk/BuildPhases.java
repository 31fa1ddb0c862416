package dev.vamana.disk;

import dev.vamana.graph.ProgressListener;

/**
 * Where the SSD build reports its phases (sample, train PQ, encode, partition, shard k of n, merge,
 * write): {@link #start} is called once per phase with a name and returns the listener for its
 * progress; the previous phase is over when the next one starts or {@link #finish} is called.
 * Implementations must accept progress updates from several threads.
 */
public interface BuildPhases {
  ProgressListener start(String phase);

  void finish();

  /** Reports nothing. */
  BuildPhases NONE = new BuildPhases() {
    @Override
    public ProgressListener start(String phase) {
      return (d, t) -> {};
    }

    @Override
    public void finish() {}
  };
}
