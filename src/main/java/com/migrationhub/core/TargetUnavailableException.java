package com.migrationhub.core;

/** A target (database, INNERGY) was unreachable or refused the credentials: exit code 3. */
public class TargetUnavailableException extends RuntimeException {
    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
