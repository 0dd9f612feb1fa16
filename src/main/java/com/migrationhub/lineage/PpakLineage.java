package com.migrationhub.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.Json;
import com.migrationhub.ppak.ExportKind;
import com.migrationhub.ppak.MappingTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Traces a canonical record (project, material, work order): the export line it came from, the mapping rows that
 * shaped it in the mapping file versions its batch applied, its versions ({@code canonical_history}), the dead letters
 * raised from its lines and the replay that loaded one, and its INNERGY deliveries. Every lookup is by key or index.
 */
final class PpakLineage {

    /** A stored version of a record (the current row, or one kept in canonical_history). */
    private record Stored(String key, String payload, String sourceFile, long sourceLine, String contentHash, String innergyId,
                          long batchId, String updated, Long supersededBy) {
    }

    private final LedgerReads reads;
    private final Map<String, String> mappingContents = new HashMap<>();

    PpakLineage(LedgerReads reads) {
        this.reads = reads;
    }

    static ExportKind kindOf(String kind) {
        return switch (kind) {
            case "project" -> ExportKind.PROJECTS;
            case "material" -> ExportKind.MATERIALS;
            case "work-order" -> ExportKind.WORK_ORDERS;
            default -> throw new com.migrationhub.core.BadRequestException("not a canonical kind: " + kind);
        };
    }

    /** A project by its number or PPak job id; a material by its inventory code; a work order by its number. */
    Optional<Trace> canonical(Trace.Subject subject) {
        ExportKind kind = kindOf(subject.kind());
        Stored current = current(kind, "natural_key", subject.key());
        if (current == null && kind == ExportKind.PROJECTS) {
            current = current(kind, "ppak_job_id", subject.key());
        }
        return current == null ? Optional.empty() : Optional.of(trace(subject, kind, current));
    }

    /** The reverse: from an INNERGY id to the canonical record it was imported from. */
    Optional<Trace> innergy(Trace.Subject subject) {
        List<String[]> links = reads.db().withConnection(c -> Database.query(c, "SELECT entity, natural_key FROM innergy_links "
                + "WHERE innergy_id = ?", rs -> new String[] {rs.getString(1), rs.getString(2)}, subject.key()));
        for (String[] link : links) {
            ExportKind kind = switch (link[0]) {
                case "project" -> ExportKind.PROJECTS;
                case "material" -> ExportKind.MATERIALS;
                default -> ExportKind.WORK_ORDERS;
            };
            Stored current = current(kind, "natural_key", link[1]);
            if (current != null) {
                return Optional.of(trace(subject, kind, current));
            }
        }
        return Optional.empty();
    }

    private Trace trace(Trace.Subject subject, ExportKind kind, Stored current) {
        List<Stored> history = history(kind, current.key());
        LedgerReads.Timeline timeline = reads.new Timeline();

        BatchLedger.Batch writer = reads.batch(current.batchId());
        BatchLedger.Batch origin = originOf(writer);
        Trace.Source source = reads.source(origin, current.sourceFile(), current.sourceLine(), LedgerReads.Unit.CSV_RECORD);
        timeline.add(source.arrived(), source.file() + " taken", origin == null ? null : origin.id());

        // the dead letters raised from any line a version came from, with their replays
        List<DeadLetter> letters = new ArrayList<>();
        Map<Long, Boolean> seen = new HashMap<>();
        List<Stored> all = new ArrayList<>(history);
        all.add(current);
        for (Stored s : all) {
            for (DeadLetter d : reads.deadLetters("SELECT * FROM dead_letters WHERE source_file = ? AND line = ? AND flow = 'ppak' "
                    + "ORDER BY id", s.sourceFile(), s.sourceLine())) {
                if (seen.putIfAbsent(d.id(), true) == null) {
                    letters.add(d);
                }
            }
        }
        for (DeadLetter d : reads.deadLetters("SELECT * FROM dead_letters WHERE source_file = ? AND flow = 'innergy' ORDER BY id",
                kind.innergyEntity() + ":" + current.key())) {
            letters.add(d);
        }
        reads.deadLetterSteps(timeline, letters);

        List<Trace.Version> versions = new ArrayList<>();
        for (Stored s : all) {
            versions.add(new Trace.Version(s.batchId(), s.updated(), s.contentHash(), s.supersededBy()));
            timeline.add(s.updated(), "stored from " + s.sourceFile() + " line " + s.sourceLine() + " (content " + s.contentHash()
                    .substring(0, 12) + ")" + (s.supersededBy() == null ? "" : ", replaced by batch " + s.supersededBy()), s.batchId());
            reads.rollbackStep(timeline, s.batchId());
        }

        List<Trace.Delivery> deliveries = reads.db().withConnection(c -> Database.query(c, "SELECT at, operation, innergy_id, "
                + "mode, plan, batch_id FROM innergy_deliveries WHERE entity = ? AND natural_key = ? ORDER BY id", rs -> {
                    Trace.Delivery d = new Trace.Delivery("live".equals(rs.getString("mode")) ? "innergy" : "innergy plan",
                            rs.getString("at"), rs.getString("operation"), rs.getString("innergy_id"), rs.getString("plan"));
                    timeline.add(d.at(), ("live".equals(rs.getString("mode")) ? "INNERGY: " : "INNERGY plan: ") + d.operation()
                            + (d.id() == null ? "" : " as " + d.id()) + (d.plan() == null ? "" : " in " + d.plan()),
                            Database.nullableLong(rs, "batch_id"));
                    return d;
                }, kind.innergyEntity(), current.key()));

        JsonNode record = readTree(current.payload());
        return new Trace(subject, source, reads.ref(current.batchId()), record, mappings(kind, record, current.batchId()),
                versions, LedgerReads.refs(letters), deliveries, timeline.sorted());
    }

    /** The batch whose file a row came from: the writer, or for a replayed dead letter the batch that rejected it. */
    private BatchLedger.Batch originOf(BatchLedger.Batch writer) {
        if (writer == null || writer.sha256() != null) {
            return writer;
        }
        DeadLetter replayed = reads.replayedBy(writer.id());
        return replayed == null || replayed.batchId() == null ? writer : reads.batch(replayed.batchId());
    }

    /** Each mapping lookup that shaped the record, found in the mapping file versions its batch applied. */
    private List<Trace.MappingUse> mappings(ExportKind kind, JsonNode record, long batchId) {
        Map<String, List<String>> applied = new LinkedHashMap<>();
        reads.db().withConnection(c -> Database.query(c, "SELECT file, sha256 FROM batch_mappings WHERE batch_id = ?",
                rs -> applied.computeIfAbsent(rs.getString(1), f -> new ArrayList<>()).add(rs.getString(2)), batchId));
        List<Trace.MappingUse> uses = new ArrayList<>();
        switch (kind) {
            case PROJECTS -> {
                lookup(uses, applied, MappingTables.Table.STATUS, text(record, "ppak_status"), text(record, "status"));
                lookup(uses, applied, MappingTables.Table.PHASE, text(record, "ppak_phase"), text(record, "phase"));
            }
            case MATERIALS -> {
                if (record.path("mapped").asBoolean()) {
                    lookup(uses, applied, MappingTables.Table.MATERIAL, text(record, "ppak_code"), text(record, "sku"));
                }
            }
            case WORK_ORDERS -> {
                for (JsonNode line : record.path("materials")) {
                    if (line.path("mapped").asBoolean()) {
                        lookup(uses, applied, MappingTables.Table.MATERIAL, text(line, "ppak_code"), text(line, "sku"));
                    }
                }
            }
        }
        return uses;
    }

    private void lookup(List<Trace.MappingUse> uses, Map<String, List<String>> applied, MappingTables.Table table, String from,
                        String to) {
        if (from == null) {
            return;
        }
        Trace.MappingUse fallback = null;
        for (String sha256 : applied.getOrDefault(table.file(), List.of())) {
            String content = mappingContents.computeIfAbsent(sha256, this::mappingContent);
            if (content == null) {
                continue;
            }
            MappingTables.Located row = MappingTables.locate(content, table).get(MappingTables.normalise(from));
            if (row == null) {
                continue;
            }
            Trace.MappingUse use = new Trace.MappingUse(table.file(), row.line(), from, row.mapping().canonical(), sha256);
            if (java.util.Objects.equals(row.mapping().canonical(), to)) {
                uses.add(use);
                return;
            }
            fallback = fallback == null ? use : fallback;
        }
        if (fallback != null) {
            uses.add(fallback);
        }
    }

    private String mappingContent(String sha256) {
        List<String> found = reads.db().withConnection(c -> Database.query(c, "SELECT content FROM mapping_versions WHERE sha256 = ?",
                rs -> rs.getString(1), sha256));
        return found.isEmpty() ? null : found.get(0);
    }

    private Stored current(ExportKind kind, String column, String value) {
        List<Stored> found = reads.db().withConnection(c -> Database.query(c, "SELECT natural_key, payload, source_file, source_line, "
                + "content_hash, innergy_id, batch_id, updated FROM " + kind.table() + " WHERE " + column + " = ?", rs -> new Stored(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getLong(7),
                rs.getString(8), null), value));
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Stored> history(ExportKind kind, String key) {
        return reads.db().withConnection(c -> Database.query(c, "SELECT natural_key, payload, source_file, source_line, content_hash, "
                + "innergy_id, batch_id, updated, superseded_by FROM canonical_history WHERE table_name = ? AND natural_key = ? "
                + "ORDER BY superseded_by", rs -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getLong(9)), kind.table(), key));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored payload is not JSON", e);
        }
    }
}
