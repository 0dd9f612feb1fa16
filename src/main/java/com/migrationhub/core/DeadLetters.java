package com.migrationhub.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code dead_letters} table: every reject of every flow, listed, counted and replayed from here. */
public final class DeadLetters {

    private final Database db;

    public DeadLetters(Database db) {
        this.db = db;
    }

    /** Records rejects inside the caller's transaction, so they commit together with the loaded rows. */
    public void record(Connection c, Collection<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        String now = Instant.now().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (flow, kind, source_file, line, reason, "
                + "payload, batch_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DeadLetter d : letters) {
                ps.setString(1, d.flow());
                ps.setString(2, d.kind());
                ps.setString(3, d.sourceFile());
                setLong(ps, 4, d.line());
                ps.setString(5, d.reason());
                ps.setString(6, d.payload());
                setLong(ps, 7, d.batchId());
                ps.setString(8, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void record(Collection<DeadLetter> letters) {
        db.inTransaction(c -> {
            record(c, letters);
            return null;
        });
    }

    public void record(DeadLetter letter) {
        db.inTransaction(c -> {
            record(c, List.of(letter));
            return null;
        });
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /** A replay loaded the dead letter: it leaves the backlog but stays on record. */
    public void markReplayed(Connection c, long id, long replayBatchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET replayed = ?, replay_batch_id = ? WHERE id = ?")) {
            ps.setString(1, Instant.now().toString());
            ps.setLong(2, replayBatchId);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    public void markReplayed(long id, long replayBatchId) {
        db.inTransaction(c -> {
            markReplayed(c, id, replayBatchId);
            return null;
        });
    }

    /**
     * A rolled-back batch's waiting row and document dead letters go: loading the same input again
     * re-creates them. A whole file's dead letter stays: replaying that file is how it loads again.
     */
    public long dropPendingOf(Connection c, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM dead_letters WHERE batch_id = ? AND replayed IS NULL AND kind <> ?")) {
            ps.setLong(1, batchId);
            ps.setString(2, DeadLetter.FILE);
            return ps.executeUpdate();
        }
    }

    /** The dead letters a rolled-back batch had loaded by replay are waiting again. */
    public long reopenReplayedBy(Connection c, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dead_letters SET replayed = NULL, replay_batch_id = NULL WHERE replay_batch_id = ?")) {
            ps.setLong(1, batchId);
            return ps.executeUpdate();
        }
    }

    /** A replay was rejected again: the dead letter stays, with the newest reason. */
    public void updateReason(Connection c, long id, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET reason = ? WHERE id = ?")) {
            ps.setString(1, reason);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public void updateReason(long id, String reason) {
        db.inTransaction(c -> {
            updateReason(c, id, reason);
            return null;
        });
    }

    public DeadLetter find(long id) {
        List<DeadLetter> found = query("SELECT * FROM dead_letters WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The backlog (not yet replayed) of one flow, or of all flows when flow is null. */
    public List<DeadLetter> pending(String flow) {
        return flow == null
                ? query("SELECT * FROM dead_letters WHERE replayed IS NULL ORDER BY id")
                : query("SELECT * FROM dead_letters WHERE replayed IS NULL AND flow = ? ORDER BY id", flow);
    }

    public List<DeadLetter> all(String flow) {
        return flow == null
                ? query("SELECT * FROM dead_letters ORDER BY id")
                : query("SELECT * FROM dead_letters WHERE flow = ? ORDER BY id", flow);
    }

    /** The lines of a source that wait as row dead letters (not replayed), after line {@code after}. */
    public java.util.Set<Long> waitingLines(String flow, String sourceFile, long after) {
        return db.withConnection(c -> {
            java.util.Set<Long> lines = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT line FROM dead_letters WHERE flow = ? AND source_file = ? "
                    + "AND kind = ? AND replayed IS NULL AND line > ?")) {
                ps.setString(1, flow);
                ps.setString(2, sourceFile);
                ps.setString(3, DeadLetter.ROW);
                ps.setLong(4, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getLong(1));
                    }
                }
            }
            return lines;
        });
    }

    public List<DeadLetter> ofBatch(long batchId) {
        return query("SELECT * FROM dead_letters WHERE batch_id = ? ORDER BY id", batchId);
    }

    /** Backlog size per flow. */
    public Map<String, Long> backlog() {
        return db.withConnection(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT flow, COUNT(*) FROM dead_letters WHERE replayed IS NULL GROUP BY flow ORDER BY flow");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private List<DeadLetter> query(String sql, Object... args) {
        return db.withConnection(c -> Database.query(c, sql, rs -> new DeadLetter(rs.getLong("id"), rs.getString("flow"),
                rs.getString("kind"), rs.getString("source_file"), Database.nullableLong(rs, "line"), rs.getString("reason"),
                rs.getString("payload"), Database.nullableLong(rs, "batch_id"), rs.getString("created"), rs.getString("replayed"),
                Database.nullableLong(rs, "replay_batch_id")), args));
    }

}
