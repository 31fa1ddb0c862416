package dev.vamana.collection;

import dev.vamana.VamanaException;

/** A named collection or a document id that does not exist (the HTTP layer answers 404). */
public final class NotFoundException extends VamanaException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
