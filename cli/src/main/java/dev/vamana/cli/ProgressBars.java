package dev.vamana.cli;

import java.io.Console;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for a long step (build, ground truth, bench), drawn only when stderr is
 * an interactive terminal so that pipes, logs and tests get no control characters. Its
 * {@link #update} matches the progress-listener interfaces of core, so {@code bar::update} can be
 * passed to them. {@link #update} may be called from several threads; close once, after the step.
 */
public final class ProgressBars implements AutoCloseable {
  private final ProgressBar bar;

  private ProgressBars(ProgressBar bar) {
    this.bar = bar;
  }

  /** Starts a bar for {@code total} units of {@code task}, or a silent one when not on a terminal. */
  public static ProgressBars start(String task, long total, String unit) {
    if (!interactive()) {
      return new ProgressBars(null);
    }
    ProgressBar pb = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
    return new ProgressBars(pb);
  }

  /** True when stderr is an interactive terminal (and {@code vamana.progress} is not false). */
  static boolean interactive() {
    if (!Boolean.parseBoolean(System.getProperty("vamana.progress", "true"))) {
      return false;
    }
    Console c = System.console();
    return c != null && c.isTerminal();
  }

  /** Reports {@code done} of {@code total} units. */
  public synchronized void update(long done, long total) {
    if (bar != null) {
      if (bar.getMax() != total) {
        bar.maxHint(total);
      }
      bar.stepTo(done);
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
