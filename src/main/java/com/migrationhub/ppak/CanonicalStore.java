package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.canonical.CanonicalWorkOrder;
import com.migrationhub.canonical.CanonicalRecord;
import com.migrationhub.canonical.CanonicalJson;
import com.migrationhub.core.RowPayload;
import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.Json;
import com.migrationhub.core.ReplayOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical store in {@code hub.db}. A chunk is loaded in one transaction together with its
 * dead letters: each row ends up loaded (new or changed), skipped (identical content already stored)
 * or rejected — including a natural key repeated inside the same export.
 */
public final class CanonicalStore {

    private final Database db;
    private final DeadLetters deadLetters;
    private final ExportBatchState.Held states;

    CanonicalStore(Database db, DeadLetters deadLetters, ExportBatchState.Held states) {
        this.db = db;
        this.deadLetters = deadLetters;
        this.states = states;
    }

    Database db() {
        return db;
    }

    private record Stored(String hash, long batchId, String sourceFile, long line, String innergyId) {
    }

    /** Renders payloads, hashes and snapshot entries off the load path (see {@link ChunkOutcome#prepare()}). */
    public <T extends CanonicalRecord> ChunkOutcome<T> prepare(ChunkOutcome<T> outcome) {
        return outcome.prepare();
    }

    public <T extends CanonicalRecord> ChunkOutcome<T> load(ChunkOutcome<T> outcome) {
        RowChunk chunk = outcome.chunk();
        BatchRun batch = chunk.batch();
        StoreCounts counts = db.inTransaction(c -> {
            StoreCounts stored = store(c, outcome);
            deadLetters.record(c, deadLettersOf(outcome));
            return stored;
        });
        count(batch, outcome, counts);
        return outcome;
    }

    /**
     * Loads one replayed dead-letter row: loaded marks the dead letter replayed, rejected again
     * keeps it with the new reason. One transaction either way.
     */
    public <T extends CanonicalRecord> ReplayOutcome replay(ChunkOutcome<T> outcome, long deadLetterId) {
        BatchRun batch = outcome.chunk().batch();
        return db.inTransaction(c -> {
            count(batch, outcome, store(c, outcome));
            if (outcome.rejects().isEmpty()) {
                deadLetters.markReplayed(c, deadLetterId, batch.id());
                return ReplayOutcome.loaded(deadLetterId, batch.id());
            }
            String reason = outcome.rejects().get(0).reason();
            deadLetters.updateReason(c, deadLetterId, reason);
            return ReplayOutcome.rejected(deadLetterId, batch.id(), reason);
        });
    }

    /** What storing a chunk did: rows written (of which updates of a stored row), and rows identical to stored ones. */
    record StoreCounts(long loaded, long updated, long skipped) {
    }

    /** Every row of the chunk counted once: found = loaded + rejected + skipped. */
    private static void count(BatchRun batch, ChunkOutcome<?> outcome, StoreCounts counts) {
        batch.countFound(outcome.chunk().rows().size());
        batch.countLoaded(counts.loaded());
        batch.countUpdated(counts.updated());
        batch.countSkipped(counts.skipped());
        batch.countRejected(outcome.rejects().size());
    }

    private <T extends CanonicalRecord> StoreCounts store(Connection c, ChunkOutcome<T> outcome) throws SQLException {
        RowChunk chunk = outcome.chunk();
        ExportKind kind = chunk.kind();
        Map<String, Stored> existing = existing(c, kind, outcome.candidates().stream()
                .map(x -> x.record().naturalKey()).toList());
        Map<String, String> links = innergyLinksOfNewKeys(c, kind, outcome, existing);
        Map<String, Long> seenInChunk = new HashMap<>();
        String now = Instant.now().toString();
        long loaded = 0;
        long updated = 0;
        long skipped = 0;
        List<ChunkOutcome.Candidate<T>> kept = new ArrayList<>();
        List<String> overwritten = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(upsertSql(kind))) {
            for (ChunkOutcome.Candidate<T> candidate : outcome.candidates()) {
                T record = candidate.record();
                String key = record.naturalKey();
                Long firstLine = seenInChunk.get(key);
                Stored stored = existing.get(key);
                if (firstLine == null && stored != null && repeatsStoredRow(stored, chunk, candidate.row().line())) {
                    firstLine = stored.line();
                }
                if (firstLine != null) {
                    outcome.rejects().add(new ChunkOutcome.Reject(candidate.row(),
                            describe(record) + " repeated in the file (first at line " + firstLine + ")"));
                    continue;
                }
                seenInChunk.put(key, candidate.row().line());
                kept.add(candidate);
                String innergyId = stored != null ? stored.innergyId() : links.get(key);
                outcome.linkInnergyId(key, innergyId);
                CanonicalJson.Rendered rendered = candidate.rendered();
                String payload = rendered.payload();
                String hash = rendered.hash();
                if (stored != null && stored.hash().equals(hash)) {
                    skipped++;
                    continue;
                }
                if (stored != null) {
                    updated++;
                    overwritten.add(key);
                }
                loaded++;
                bind(ps, kind, record, payload, hash, chunk, candidate.row().line(), now, innergyId);
                ps.addBatch();
            }
            keepOverwritten(c, kind, overwritten, chunk.batch().id());
            if (loaded > 0) {
                ps.executeBatch();
            }
        }
        outcome.retain(kept);
        return new StoreCounts(loaded, updated, skipped);
    }

    /**
     * The stored row came from this same export: loaded earlier in this batch, or — when a dead letter
     * is replayed — from another line of the file the dead letter came from.
     */
    private boolean repeatsStoredRow(Stored stored, RowChunk chunk, long line) {
        if (stored.batchId() == chunk.batch().id()) {
            return true;
        }
        return states.of(chunk.batch()).rowReplay()
                && stored.sourceFile().equals(chunk.export().fileName()) && stored.line() != line;
    }

    private static String describe(CanonicalRecord record) {
        if (record instanceof CanonicalProject p) {
            return "Job Id " + p.ppakJobId() + " (project " + p.projectNumber() + ")";
        }
        if (record instanceof CanonicalMaterial m) {
            return "inventory code " + m.ppakCode();
        }
        return "work order " + record.naturalKey();
    }

    private static String upsertSql(ExportKind kind) {
        String reference = kind.referenceColumn() == null ? "" : kind.referenceColumn() + ", ";
        String updateReference = reference.isEmpty() ? "" : kind.referenceColumn() + " = excluded." + kind.referenceColumn() + ", ";
        return "INSERT INTO " + kind.table() + " (natural_key, " + reference + "payload, source_file, source_line, "
                + "content_hash, batch_id, updated, innergy_id) VALUES (?, " + (reference.isEmpty() ? "" : "?, ") + "?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (natural_key) DO UPDATE SET " + updateReference + "payload = excluded.payload, "
                + "source_file = excluded.source_file, source_line = excluded.source_line, "
                + "content_hash = excluded.content_hash, batch_id = excluded.batch_id, updated = excluded.updated";
    }

    /**
     * The INNERGY links of keys not stored yet: a record that was rolled back and is loaded again keeps
     * pointing at the INNERGY record it was imported as (the import finds it unchanged and writes no id back).
     */
    private static Map<String, String> innergyLinksOfNewKeys(Connection c, ExportKind kind, ChunkOutcome<?> outcome,
                                                             Map<String, Stored> existing) throws SQLException {
        List<String> keys = new ArrayList<>();
        for (ChunkOutcome.Candidate<?> candidate : outcome.candidates()) {
            if (!existing.containsKey(candidate.record().naturalKey())) {
                keys.add(candidate.record().naturalKey());
            }
        }
        if (keys.isEmpty() || !anyLink(c, kind)) {
            return Map.of();
        }
        List<String> parameters = new ArrayList<>(keys.size() + 1);
        parameters.add(kind.innergyEntity());
        parameters.addAll(keys);
        return pairs(c, "SELECT natural_key, innergy_id FROM innergy_links WHERE entity = ? AND natural_key IN ("
                + marks(keys.size()) + ")", parameters);
    }

    /** Whether any record of this kind was ever imported into INNERGY (before that, new keys need no lookup). */
    private static boolean anyLink(Connection c, ExportKind kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM innergy_links WHERE entity = ? LIMIT 1")) {
            ps.setString(1, kind.innergyEntity());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Keeps the stored versions this batch is about to overwrite, for {@code ./hub rollback} (see CanonicalRollback). */
    private static void keepOverwritten(Connection c, ExportKind kind, List<String> keys, long batchId) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        String reference = kind.referenceColumn() == null ? "NULL" : kind.referenceColumn();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO canonical_history (table_name, natural_key, reference_key, "
                + "payload, source_file, source_line, content_hash, innergy_id, batch_id, updated, superseded_by) "
                + "SELECT ?, natural_key, " + reference + ", payload, source_file, source_line, content_hash, innergy_id, "
                + "batch_id, updated, ? FROM " + kind.table() + " WHERE natural_key = ? ON CONFLICT DO NOTHING")) {
            for (String key : keys) {
                ps.setString(1, kind.table());
                ps.setLong(2, batchId);
                ps.setString(3, key);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, ExportKind kind, CanonicalRecord record, String payload, String hash,
                             RowChunk chunk, long line, String now, String innergyId) throws SQLException {
        int i = 1;
        ps.setString(i++, record.naturalKey());
        if (record instanceof CanonicalProject p) {
            ps.setString(i++, p.ppakJobId());
        } else if (record instanceof CanonicalWorkOrder w) {
            ps.setString(i++, w.projectNumber());
        }
        ps.setString(i++, payload);
        ps.setString(i++, chunk.export().fileName());
        ps.setLong(i++, line);
        ps.setString(i++, hash);
        ps.setLong(i++, chunk.batch().id());
        ps.setString(i++, now);
        ps.setString(i, innergyId); // a new row only: an update keeps the stored row's link
    }

    private static Map<String, Stored> existing(Connection c, ExportKind kind, List<String> keys) throws SQLException {
        Map<String, Stored> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT natural_key, content_hash, batch_id, source_file, source_line, innergy_id FROM "
                + kind.table() + " WHERE natural_key IN (" + marks(keys.size()) + ")")) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setString(i + 1, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Stored(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    private static List<DeadLetter> deadLettersOf(ChunkOutcome<?> outcome) {
        RowChunk chunk = outcome.chunk();
        List<DeadLetter> out = new ArrayList<>(outcome.rejects().size());
        for (ChunkOutcome.Reject r : outcome.rejects()) {
            out.add(DeadLetter.of("ppak", DeadLetter.ROW, chunk.export().fileName(), r.row().line(), r.reason(),
                    RowPayload.of(chunk.columns().header(), r.row().cells()), chunk.batch().id()));
        }
        return out;
    }

    /** Project numbers by PPak Job Id, for resolving the work orders of one chunk. */
    public Map<String, String> projectNumbersByJobId(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(jobIds);
        return db.withConnection(c -> pairs(c, "SELECT ppak_job_id, natural_key FROM canonical_projects WHERE ppak_job_id IN ("
                + marks(ids.size()) + ")", ids));
    }

    private static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** A query of two text columns, with these parameters, as a map from the first to the second. */
    private static Map<String, String> pairs(Connection c, String sql, List<String> parameters) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** The stored payload of one record, or null. */
    public JsonNode find(ExportKind kind, String naturalKey) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM " + kind.table() + " WHERE natural_key = ?")) {
                ps.setString(1, naturalKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? readTree(rs.getString(1)) : null;
                }
            }
        });
    }

    public long count(ExportKind kind) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + kind.table());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored payload is not JSON", e);
        }
    }
}
