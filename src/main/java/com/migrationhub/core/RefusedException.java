package com.migrationhub.core;

/**
 * An operation refused because of the state of what it would change (a rollback a later batch builds on): nothing
 * changed, and the message says why in a plain sentence. The HTTP layer answers it 409.
 */
public class RefusedException extends RuntimeException {

    public RefusedException(String reason) {
        super(reason);
    }
}
