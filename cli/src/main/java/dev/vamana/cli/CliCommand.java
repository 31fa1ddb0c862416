package dev.vamana.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Base of the subcommands: runs {@link #execute()} and turns any exception into the one-line
 * {@code vamana: error: ...} report with exit code 1, so the behaviour is the same however the
 * command line was built. {@link ParameterException}s (usage errors) pass through to picocli, which
 * reports them with exit code 2. Not thread-safe: one instance per invocation, as picocli makes it.
 */
public abstract class CliCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  /** Does the work; returns the exit code (normally 0). */
  protected abstract int execute() throws Exception;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (ParameterException e) {
      throw e;
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      ErrorReporter.report(err(), e, verbose());
      return ErrorReporter.EXIT_ERROR;
    }
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A usage error for this command (exit code 2). */
  protected ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** True when {@code --verbose} was given anywhere on the command line. */
  protected boolean verbose() {
    CommandLine root = spec.root().commandLine();
    Object o = root == null ? null : root.getCommand();
    if (o instanceof VamanaCli cli && cli.verbose) {
      return true;
    }
    var opt = spec.findOption("--verbose");
    return opt != null && Boolean.TRUE.equals(opt.getValue());
  }
}
