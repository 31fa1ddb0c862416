package dev.vamana.server;

/** A request the server refuses, with the HTTP status and a one-line message for the JSON error body. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
