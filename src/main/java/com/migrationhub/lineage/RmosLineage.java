package com.migrationhub.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.Json;
import com.migrationhub.rmos.RmosEntity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Traces an RMOS record ({@code ENTITY:ID}: strip family, pattern, joblog): the JSON document it was loaded from (each
 * document's archived original is on record per batch), the versions a later document replaced, and the dead letters
 * raised from the same document path.
 */
final class RmosLineage {

    private final LedgerReads reads;
    private final Database db;

    RmosLineage(LedgerReads reads, Database db) {
        this.reads = reads;
        this.db = db;
    }

    static RmosEntity entityOf(String name) {
        return switch (name.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "strip_family", "strip_families" -> RmosEntity.STRIP_FAMILIES;
            case "pattern", "patterns" -> RmosEntity.PATTERNS;
            case "joblog", "joblogs", "job_log" -> RmosEntity.JOBLOGS;
            default -> throw new com.migrationhub.core.BadRequestException("unknown RMOS entity '" + name + "' (strip_family, pattern or joblog)");
        };
    }

    private record DocumentSource(long batchId, String source, String archive, String sha256, long size) {
    }

    Optional<Trace> trace(Trace.Subject subject) {
        String[] parts = ExtruderLineage.split(subject.key(), "ENTITY:ID");
        RmosEntity entity = entityOf(parts[0]);
        String id = parts[1];
        List<Map<String, Object>> rows = db.withConnection(c -> Database.rows(c, "SELECT * FROM " + entity.table() + " WHERE id = ?", id));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        Long batchId = row.get("batch_id") == null ? null : ((Number) row.get("batch_id")).longValue();
        List<DocumentSource> documents = reads.db().withConnection(c -> Database.query(c, "SELECT batch_id, source, archive, sha256, size "
                + "FROM document_sources WHERE flow = 'rmos' AND entity = ? AND record_id = ? ORDER BY batch_id", rs -> new DocumentSource(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)), entity.folder(), id));
        DocumentSource document = documents.stream().filter(d -> batchId != null && d.batchId() == batchId).findFirst()
                .orElse(documents.isEmpty() ? null : documents.get(documents.size() - 1));
        BatchLedger.Batch batch = reads.batch(batchId);
        LedgerReads.Timeline timeline = reads.new Timeline();
        Trace.Source source;
        if (document == null) {
            source = new Trace.Source(null, null, null, batch == null ? null : batch.started(), null, null, Trace.Source.GONE);
        } else {
            String text = SourceText.document(Path.of(document.archive()));
            BatchLedger.Batch taken = reads.batch(document.batchId());
            source = new Trace.Source(document.source(), document.sha256(), document.size(), taken == null ? null : taken.started(),
                    document.archive(), null, text == null ? Trace.Source.GONE : text);
            timeline.add(source.arrived(), document.source() + " taken", document.batchId());
        }
        List<Trace.Version> versions = new ArrayList<>();
        db.withConnection(c -> Database.query(c, "SELECT batch_id, superseded_by, row_json FROM migration_history WHERE table_name = ? "
                + "AND row_id = ? ORDER BY superseded_by", rs -> {
                    JsonNode old = readTree(rs.getString(3));
                    versions.add(new Trace.Version(rs.getLong(1), old.path("migrated_at").asText(null), old.path("content_hash").asText(null),
                            rs.getLong(2)));
                    return null;
                }, entity.table(), id));
        versions.add(new Trace.Version(batchId == null ? 0 : batchId, (String) row.get("migrated_at"), (String) row.get("content_hash"), null));
        for (Trace.Version v : versions) {
            timeline.add(v.updated(), "stored" + (v.supersededBy() == null ? "" : ", replaced by batch " + v.supersededBy()), v.batch());
            reads.rollbackStep(timeline, v.batch());
        }
        List<DeadLetter> letters = document == null ? List.of() : reads.deadLetters("SELECT * FROM dead_letters WHERE flow = 'rmos' "
                + "AND source_file = ? ORDER BY id", document.source());
        reads.deadLetterSteps(timeline, letters);
        return Optional.of(new Trace(subject, source, reads.ref(batchId), new LinkedHashMap<>(row), List.of(), versions,
                LedgerReads.refs(letters), List.of(), timeline.sorted()));
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
