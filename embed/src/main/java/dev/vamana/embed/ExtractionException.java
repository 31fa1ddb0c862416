package dev.vamana.embed;

import dev.vamana.VamanaException;

/**
 * A document that cannot be turned into text (unsupported type, encrypted, empty, too large, corrupt).
 * The message is a one-line reason suitable for an ingestion report.
 */
public final class ExtractionException extends VamanaException {
    private static final long serialVersionUID = 1L;

    public ExtractionException(String reason) {
        super(reason);
    }
}
