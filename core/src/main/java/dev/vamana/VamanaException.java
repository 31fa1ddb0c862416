package dev.vamana;

/**
 * The one exception type for errors a user can cause: a bad file, a wrong dimension, an unknown
 * metric, an impossible parameter. Its message names the file or field and what was expected, so
 * that the CLI and the server can show it as a one-line error without a stack trace.
 */
public class VamanaException extends RuntimeException {
  public VamanaException(String message) {
    super(message);
  }

  public VamanaException(String message, Throwable cause) {
    super(message, cause);
  }
}
