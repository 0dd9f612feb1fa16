package com.migrationhub.core;

/**
 * A rejected row, document or whole file. {@code kind} is {@code row} (payload: the row's header and
 * cells as JSON), {@code document} or {@code file} (payload: the path of the copy in the dead-letter folder).
 */
public record DeadLetter(long id, String flow, String kind, String sourceFile, Long line, String reason,
                         String payload, Long batchId, String created, String replayed, Long replayBatchId) {

    public static final String ROW = "row";
    public static final String DOCUMENT = "document";
    public static final String FILE = "file";

    /** A new dead letter, before it has an id. */
    public static DeadLetter of(String flow, String kind, String sourceFile, Long line, String reason, String payload,
                                Long batchId) {
        return new DeadLetter(0, flow, kind, sourceFile, line, reason, payload, batchId, null, null, null);
    }

    public boolean isReplayed() {
        return replayed != null;
    }
}
