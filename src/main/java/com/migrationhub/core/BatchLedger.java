package com.migrationhub.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger every flow writes: a batch row per file or command run, and the processed-file
 * repository that makes the same content (even renamed) count as a duplicate.
 */
public final class BatchLedger {

    public static final String DONE = "done";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED_FILE = "rejected";
    public static final String FAILED = "failed";
    public static final String RUNNING = "running";
    public static final String ABANDONED = "abandoned";
    public static final String ROLLED_BACK = "rolled_back";

    private final Database db;
    private final ObjectMapper json;
    private final String instance;
    private final WorkProgress progress = new WorkProgress();
    private volatile HubMetrics metrics;

    public BatchLedger(Database db, ObjectMapper json, String instance) {
        this.db = db;
        this.json = json;
        this.instance = instance;
    }

    /** This hub instance ({@code hub.instance.id}): every batch it opens records it. */
    public String instance() {
        return instance;
    }

    /**
     * Opens a batch. An earlier run of the same content that never finished (a crash, a kill -9) is
     * marked abandoned and its dead letters dropped: this run re-creates them, so none is doubled.
     */
    public BatchRun open(String flow, String source, String sha256) {
        Instant now = Instant.now();
        return db.inTransaction(c -> {
            Long duplicateOf = null;
            if (sha256 != null) {
                duplicateOf = processedBy(c, flow, sha256);
                abandonUnfinished(c, flow, sha256);
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO batches (flow, source, sha256, started, status, instance) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, flow);
                ps.setString(2, source);
                ps.setString(3, sha256);
                ps.setString(4, now.toString());
                ps.setString(5, RUNNING);
                ps.setString(6, instance);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            return new BatchRun(id, flow, source, sha256, now, duplicateOf, progress);
        });
    }

    private static Long processedBy(Connection c, String flow, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_id FROM processed_files WHERE flow = ? AND sha256 = ?")) {
            ps.setString(1, flow);
            ps.setString(2, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void abandonUnfinished(Connection c, String flow, String sha256) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM dead_letters WHERE replayed IS NULL AND batch_id IN "
                + "(SELECT id FROM batches WHERE flow = ? AND sha256 = ? AND status = ?)")) {
            del.setString(1, flow);
            del.setString(2, sha256);
            del.setString(3, RUNNING);
            del.executeUpdate();
        }
        try (PreparedStatement upd = c.prepareStatement(
                "UPDATE batches SET status = ?, finished = ? WHERE flow = ? AND sha256 = ? AND status = ?")) {
            upd.setString(1, ABANDONED);
            upd.setString(2, Instant.now().toString());
            upd.setString(3, flow);
            upd.setString(4, sha256);
            upd.setString(5, RUNNING);
            upd.executeUpdate();
        }
    }

    /** The rows and bytes of the batches of this process so far, for a command's progress display. */
    public WorkProgress progress() {
        return progress;
    }

    /** The metrics counted from each batch this ledger closes (one place: they cannot disagree with it). */
    void reportTo(HubMetrics metrics) {
        this.metrics = metrics;
    }

    /** When the latest batch of a flow whose source starts with the prefix closed done, or null. */
    public Instant lastDone(String flow, String sourcePrefix) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(finished) FROM batches WHERE flow = ? AND status = ? AND source LIKE ?")) {
                ps.setString(1, flow);
                ps.setString(2, DONE);
                ps.setString(3, sourcePrefix + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? Instant.parse(rs.getString(1)) : null;
                }
            }
        });
    }

    /** Writes the final counts; a batch that finished its content is remembered as processed. */
    public void close(BatchRun run, String status, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (reason != null) {
            details.put("reason", reason);
        }
        if (run.isDuplicate()) {
            details.put("duplicate_of", run.duplicateOf());
        }
        if (!run.unmappedValues().isEmpty()) {
            details.put("unmapped", run.unmappedValues());
        }
        if (run.warningCount() > 0) {
            details.put("warning_count", run.warningCount());
            details.put("warnings", run.warnings());
        }
        if (run.updated() > 0) {
            details.put("updated", run.updated());
        }
        String detailsJson;
        try {
            detailsJson = json.writeValueAsString(details);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant finishedAt = Instant.now();
        String finished = finishedAt.toString();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET finished = ?, status = ?, found = ?, "
                    + "loaded = ?, rejected = ?, skipped = ?, details = ? WHERE id = ?")) {
                ps.setString(1, finished);
                ps.setString(2, status);
                ps.setLong(3, run.found());
                ps.setLong(4, run.loaded());
                ps.setLong(5, run.rejected());
                ps.setLong(6, run.skipped());
                ps.setString(7, detailsJson);
                ps.setLong(8, run.id());
                ps.executeUpdate();
            }
            if (DONE.equals(status) && run.sha256() != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO processed_files (flow, sha256, source, batch_id, "
                        + "processed) VALUES (?, ?, ?, ?, ?) ON CONFLICT (flow, sha256) DO NOTHING")) {
                    ps.setString(1, run.flow());
                    ps.setString(2, run.sha256());
                    ps.setString(3, run.source());
                    ps.setLong(4, run.id());
                    ps.setString(5, finished);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        HubMetrics m = metrics;
        if (m != null) {
            m.batchClosed(run, status, finishedAt);
        }
    }

    /** The counts so far of a batch that goes on running (a live log read block by block). */
    public void progress(BatchRun run) {
        db.inTransaction(c -> Database.update(c, "UPDATE batches SET found = ?, loaded = ?, rejected = ?, skipped = ? "
                + "WHERE id = ? AND status = ?", run.found(), run.loaded(), run.rejected(), run.skipped(), run.id(), RUNNING));
    }

    /** Batches of a flow still marked running: in this process, in another, or in one that died. */
    public List<Long> running(String flow) {
        return runningIds("SELECT id FROM batches WHERE status = ? AND flow = ? ORDER BY id", flow);
    }

    /** Batches of this source still marked running: in another process, or in one that died. */
    public List<Long> running(String flow, String source) {
        return runningIds("SELECT id FROM batches WHERE status = ? AND flow = ? AND source = ?", flow, source);
    }

    private List<Long> runningIds(String sql, String... args) {
        return db.withConnection(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, RUNNING);
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 2, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    /**
     * Batches of this source this instance opened at or after {@code since} and left running because their processing
     * threw (the poison rule): marked failed with the reason, their counts as last written. Returns their ids.
     */
    public List<Long> failRunning(String flow, String source, Instant since, String reason) {
        String details;
        try {
            details = json.writeValueAsString(Map.of("reason", reason));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return db.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, started FROM batches WHERE status = ? AND flow = ? AND source = ? AND instance = ? ORDER BY id")) {
                ps.setString(1, RUNNING);
                ps.setString(2, flow);
                ps.setString(3, source);
                ps.setString(4, instance);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!Instant.parse(rs.getString(2)).isBefore(since.minusMillis(1))) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
            }
            for (long id : ids) {
                Database.update(c, "UPDATE batches SET status = ?, finished = ?, details = ? WHERE id = ? AND status = ?",
                        FAILED, Instant.now().toString(), details, id, RUNNING);
            }
            return ids;
        });
    }

    /**
     * A batch whose process died is marked abandoned with what it really did (the rows that carry its id and
     * its dead letters); those stay, and the next reading skips the lines they account for.
     */
    public void abandon(long id, long loaded, long rejected) {
        db.inTransaction(c -> Database.update(c, "UPDATE batches SET status = ?, finished = ?, found = ?, loaded = ?, "
                + "rejected = ?, skipped = 0 WHERE id = ? AND status = ?", ABANDONED, Instant.now().toString(),
                loaded + rejected, loaded, rejected, id, RUNNING));
    }

    /**
     * Inside a rollback's transaction: the batch stays on record as rolled back (its counts are what it
     * did), and its content is no longer a processed file, so the same export can be loaded again.
     */
    public void markRolledBack(Connection c, long id, Map<String, Object> rollback) throws SQLException {
        Map<String, Object> details = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT details FROM batches WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    details.putAll(json.readValue(rs.getString(1), Map.class));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("batch " + id + " has unreadable details", e);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", Instant.now().toString());
        entry.putAll(rollback);
        details.put("rolled_back", entry);
        try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET status = ?, details = ? WHERE id = ?")) {
            ps.setString(1, ROLLED_BACK);
            ps.setString(2, json.writeValueAsString(details));
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM processed_files WHERE batch_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * Why batch {@code id} of {@code flow} cannot be rolled back as far as the ledger knows (none: it can): a later
     * batch is still running, or skipped rows as identical to stored ones (rows that may be this batch's:
     * removing them would leave that batch's content recorded as processed but no longer stored).
     */
    public List<String> laterBatchesRelyingOn(String flow, long id) {
        return db.withConnection(c -> {
            List<String> reasons = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, status, skipped FROM batches WHERE flow = ? AND id > ? "
                    + "AND status NOT IN (?, ?) AND (status = ? OR skipped > 0) ORDER BY id")) {
                ps.setString(1, flow);
                ps.setLong(2, id);
                ps.setString(3, ROLLED_BACK);
                ps.setString(4, DUPLICATE);
                ps.setString(5, RUNNING);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reasons.add(RUNNING.equals(rs.getString(2)) ? "batch " + rs.getLong(1) + " is still running"
                                : "batch " + rs.getLong(1) + " skipped " + rs.getLong(3) + " rows as already stored");
                    }
                }
            }
            return reasons;
        });
    }

    /**
     * Why the rows a batch overwrote cannot all be put back, or null: it updated more rows than there are
     * kept versions (a batch loaded before this hub kept them).
     */
    public static String unkeptVersions(Batch batch, long kept) {
        long updated = batch.details() == null ? 0 : readUpdated(batch.details());
        return updated > kept ? "it updated " + updated + " rows before the hub kept the versions it overwrote, "
                + "so they cannot be put back" : null;
    }

    private static long readUpdated(String details) {
        try {
            return Json.mapper().readTree(details).path("updated").asLong(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    public record Batch(long id, String flow, String source, String sha256, String started, String finished,
                        String status, long found, long loaded, long rejected, long skipped, String details, String instance) {

        /** The batch as reports and the API show it. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("flow", flow);
            m.put("source", source);
            m.put("status", status);
            m.put("started", started);
            m.put("finished", finished);
            m.put("found", found);
            m.put("loaded", loaded);
            m.put("rejected", rejected);
            m.put("skipped", skipped);
            m.put("instance", instance);
            return m;
        }
    }

    /** The batches of the same source after batch {@code id} that loaded or rejected something, not rolled back. */
    public List<Batch> laterOfSource(String flow, String source, long id) {
        return query("SELECT * FROM batches WHERE flow = ? AND source = ? AND id > ? AND status <> ? AND loaded + rejected > 0 "
                + "ORDER BY id", new Object[] {flow, source, id, ROLLED_BACK});
    }

    /** Recent batches, newest first; flow may be null for all flows. */
    public List<Batch> recent(String flow, int limit) {
        return query("SELECT * FROM batches" + (flow == null ? "" : " WHERE flow = ?") + " ORDER BY id DESC LIMIT ?",
                flow == null ? new Object[] {limit} : new Object[] {flow, limit});
    }

    public Batch find(long id) {
        List<Batch> found = query("SELECT * FROM batches WHERE id = ?", new Object[] {id});
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Batch> query(String sql, Object[] args) {
        return db.withConnection(c -> Database.query(c, sql, rs -> new Batch(rs.getLong("id"), rs.getString("flow"),
                rs.getString("source"), rs.getString("sha256"), rs.getString("started"), rs.getString("finished"),
                rs.getString("status"), rs.getLong("found"), rs.getLong("loaded"), rs.getLong("rejected"), rs.getLong("skipped"),
                rs.getString("details"), rs.getString("instance")), args));
    }
}
