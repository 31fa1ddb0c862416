package dev.vamana.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code vamana} command: one picocli entry point with a subcommand per job. To add a
 * subcommand, write a class in this package (extend {@link CliCommand} to get the one-line error
 * handling) and list it in {@code subcommands} below.
 *
 * <p>Exit codes: 0 success, 1 an error of the input or the environment (bad file, unwritable path),
 * 2 a usage error (unknown option, bad value). Every error is one line on stderr, {@code vamana:
 * error: <message>}; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "vamana",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Vamana: a DiskANN-class vector search engine for the JVM.",
    subcommands = {
      BuildCommand.class,
      SearchCommand.class,
      GroundTruthCommand.class,
      InfoCommand.class,
      BenchCommand.class,
      SynthCommand.class,
      IngestCommand.class,
      QueryCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      BuildDiskCommand.class,
      SearchDiskCommand.class,
    })
public final class VamanaCli implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * A command line for {@code vamana} with the project's one-line error handling installed. Tests
   * use it as {@code VamanaCli.commandLine().execute(args)}, optionally after setOut / setErr.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new VamanaCli());
    cl.setParameterExceptionHandler(ErrorReporter::handleParameterException);
    cl.setExecutionExceptionHandler(ErrorReporter::handleExecutionException);
    return cl;
  }

  /** Same as {@link #commandLine()} writing to the given streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
