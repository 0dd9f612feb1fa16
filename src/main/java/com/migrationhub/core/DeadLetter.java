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

    /** A whole file (its payload is the path of the copy in the dead-letter folder) rather than a row or document. */
    public boolean isFile() {
        return FILE.equals(kind);
    }

    /** The dead-letter copy of a whole file, to put back through its flow. */
    public java.io.File fileCopy() {
        java.io.File file = new java.io.File(payload);
        if (!file.isFile()) {
            throw new IllegalStateException("dead letter " + id + ": the dead-letter copy " + file + " is gone");
        }
        return file;
    }

    public boolean isReplayed() {
        return replayed != null;
    }

    /** The dead letter as the CLI and the API show it (the payload stays in the database). */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("flow", flow);
        m.put("kind", kind);
        m.put("source_file", sourceFile);
        m.put("line", line);
        m.put("reason", reason);
        m.put("batch_id", batchId);
        m.put("created", created);
        m.put("replayed", replayed);
        return m;
    }
}
