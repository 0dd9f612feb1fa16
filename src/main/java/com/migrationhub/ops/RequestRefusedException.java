package com.migrationhub.ops;

/** A request the {@link RequestGuard} turns away before any route step runs: its status and a plain sentence. */
public final class RequestRefusedException extends RuntimeException {

    private final int status;

    RequestRefusedException(int status, String sentence) {
        super(sentence);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
