package com.migrationhub.lineage;

import com.migrationhub.core.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record's lineage (SPEC §11, docs/LINEAGE.md): where it came from (the exact original line or document), the
 * batch that stored it, the mapping rows that shaped it in the versions that applied, its stored versions, the dead
 * letters raised from the same source, its deliveries, and every step as one timeline, oldest first.
 * {@code record} is what it became (the stored canonical payload or table row).
 */
public record Trace(Subject subject, Source source, BatchRef batch, Object record, List<MappingUse> mappings,
                    List<Version> versions, List<DeadLetterRef> deadLetters, List<Delivery> deliveries, List<Step> timeline) {

    /**
     * The answer of {@code ./hub trace --json} (inside its envelope) and of {@code GET /api/lineage/{kind}/{key}}: the
     * trace's fields in the hub's JSON names, and {@code found: true}.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> answer() {
        Map<String, Object> m = new LinkedHashMap<>(Json.mapper().convertValue(this, Map.class));
        m.put("found", true);
        return m;
    }

    /** What the trace was asked about. */
    public record Subject(String kind, String key) {
    }

    /**
     * The source file: its name, content hash and size, when it arrived (its batch started), where its original is now,
     * the line the record starts on, and the exact original line or document ({@link #GONE} when the archived original
     * was pruned).
     */
    public record Source(String file, String sha256, Long size, String arrived, String archive, Long line, String text) {
        public static final String GONE = "archived original gone";
    }

    public record BatchRef(long id, String instance, String started) {
    }

    /** One mapping lookup: the file, the row (its line, the header being line 1) in the version that applied. */
    public record MappingUse(String file, long row, String from, String to, String fileSha256) {
    }

    /** A stored version: the batch that wrote it, when, its content hash, and the batch that replaced it (or null). */
    public record Version(long batch, String updated, String contentHash, Long supersededBy) {
    }

    public record DeadLetterRef(long id, String reason, Long replayBatch) {
    }

    /** A delivery: INNERGY (live, {@code plan} null) or a dry-run plan file; operation created, updated or failed. */
    public record Delivery(String target, String at, String operation, String id, String plan) {
    }

    public record Step(String at, String what, Long batch, String instance) {
    }
}
