package com.migrationhub.core;

/** What replaying one dead letter did: loaded (it leaves the backlog) or rejected again, with why. */
public record ReplayOutcome(long deadLetterId, boolean loaded, String reason, Long batchId) {

    public static ReplayOutcome loaded(long deadLetterId, long batchId) {
        return new ReplayOutcome(deadLetterId, true, null, batchId);
    }

    public static ReplayOutcome rejected(long deadLetterId, Long batchId, String reason) {
        return new ReplayOutcome(deadLetterId, false, reason, batchId);
    }
}
