package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.embed.Reasons;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr, {@code vamana: error: <message>}, and an exit code:
 * 2 for usage errors, 1 for the rest. With {@code --verbose} the stack trace follows. Stateless.
 */
final class ErrorReporter {
  static final int EXIT_ERROR = 1;
  static final int EXIT_USAGE = 2;

  private ErrorReporter() {}

  /** Picocli handler for parse errors and {@link ParameterException}s thrown by commands. */
  static int handleParameterException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String cmd = cl.getCommandSpec().qualifiedName();
    String m = oneLine(ex.getMessage()).replaceFirst("^Error: ", ""); // picocli starts some messages so
    err.println("vamana: error: " + m + " (see '" + cmd + " --help')");
    if (isVerbose(args)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return EXIT_USAGE;
  }

  /** Picocli handler for exceptions escaping a command's call(). */
  static int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    report(cl.getErr(), ex, isVerbose(parseResult.originalArgs().toArray(String[]::new)));
    return EXIT_ERROR;
  }

  /** Prints the one-line error for {@code t} (and its stack trace when {@code verbose}). */
  static void report(PrintWriter err, Throwable t, boolean verbose) {
    err.println("vamana: error: " + message(t));
    if (verbose) {
      t.printStackTrace(err);
    }
    err.flush();
  }

  /** The user-facing text of {@code t}: the message of a {@link VamanaException}, else its type too. */
  static String message(Throwable t) {
    if (t instanceof VamanaException) {
      return oneLine(t.getMessage());
    }
    for (Throwable c = t; c != null; c = c.getCause()) { // a file-system failure says which file and why, in words
      if (c instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
        return f.getFile() + ": " + Reasons.of(f);
      }
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory (" + oneLine(t.getMessage()) + "); raise -Xmx with VAMANA_JAVA_OPTS";
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + oneLine(m))
        + " (run with --verbose for details)";
  }

  static String oneLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static boolean isVerbose(String[] args) {
    for (String a : args) {
      if (a.equals("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
