package com.migrationhub.core;

/**
 * A whole file cannot be processed (unknown name, empty, no recognisable header, undecodable bytes).
 * Routes hand it to the flow's dead-letter channel; it is an outcome, not a fault to retry.
 */
public class RejectedFileException extends RuntimeException {
    public RejectedFileException(String reason) {
        super(reason);
    }
}
