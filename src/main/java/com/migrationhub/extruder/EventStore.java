package com.migrationhub.extruder;

import com.migrationhub.core.Database;
import com.migrationhub.core.Instants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code logger_events} and {@code alarms}: each linked to the run whose span holds its time. An event or alarm that
 * arrives before its run's log is linked when the run's samples are stored.
 */
public final class EventStore {

    /** The run whose span [started_at, ended_at] holds a time (ISO text, fixed width): the latest such start. */
    static final String RUN_AT = runHolding("?", "");

    /** The run whose span holds {@code time} (a parameter or a column), on a further {@code condition} on run r. */
    private static String runHolding(String time, String condition) {
        return "(SELECT r.id FROM runs r WHERE r.started_at <= " + time + " AND COALESCE(r.ended_at, r.started_at) >= " + time
                + condition + " ORDER BY r.started_at DESC LIMIT 1)";
    }

    public record LoggerEvent(long line, String level, String component, String event, String contextJson, Instant at) {
    }

    public record Alarm(String id, String type, String severity, String message, Instant raisedAt, boolean acknowledged,
                        boolean cleared) {
    }

    private final Database db;

    public EventStore(Database db) {
        this.db = db;
    }

    /** Inserts the events a file holds; lines stored before (a longer copy, a replay) are left alone. Returns how many were new. */
    public long insertEvents(String sourceFile, List<LoggerEvent> events, long batchId) {
        if (events.isEmpty()) {
            return 0;
        }
        return db.inTransaction(c -> {
            long inserted = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO logger_events (level, component, event, context_json, "
                    + "recorded_at, run_id, source_file, line, batch_id) VALUES (?, ?, ?, ?, ?, " + RUN_AT + ", ?, ?, ?) "
                    + "ON CONFLICT (source_file, line) DO NOTHING")) {
                for (LoggerEvent e : events) {
                    String at = Instants.iso(e.at());
                    ps.setString(1, e.level());
                    ps.setString(2, e.component());
                    ps.setString(3, e.event());
                    ps.setString(4, e.contextJson());
                    ps.setString(5, at);
                    ps.setString(6, at);
                    ps.setString(7, at);
                    ps.setString(8, sourceFile);
                    ps.setLong(9, e.line());
                    ps.setLong(10, batchId);
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    inserted += n > 0 ? 1 : 0;
                }
            }
            return inserted;
        });
    }

    /** What an alarms.json copy did: alarms new to the table, alarms whose acknowledged/cleared changed, the rest unchanged. */
    public record AlarmCounts(long inserted, long updated, long unchanged) {
    }

    public AlarmCounts upsertAlarms(String sourceFile, List<Alarm> alarms, long batchId) {
        return db.inTransaction(c -> {
            Map<String, boolean[]> known = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT alarm_id, acknowledged, cleared FROM alarms");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), new boolean[] {rs.getInt(2) == 1, rs.getInt(3) == 1});
                }
            }
            long inserted = 0, updated = 0, unchanged = 0;
            String now = Instants.iso(Instant.now());
            for (Alarm a : alarms) {
                boolean[] flags = known.get(a.id());
                if (flags == null) {
                    String at = Instants.iso(a.raisedAt());
                    Database.update(c, "INSERT INTO alarms (alarm_id, type, severity, message, raised_at, acknowledged, cleared, "
                            + "run_id, source_file, batch_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, " + RUN_AT + ", ?, ?, ?)",
                            a.id(), a.type(), a.severity(), a.message(), at, a.acknowledged() ? 1 : 0, a.cleared() ? 1 : 0, at, at,
                            sourceFile, batchId, now);
                    known.put(a.id(), new boolean[] {a.acknowledged(), a.cleared()});
                    inserted++;
                } else if (flags[0] != a.acknowledged() || flags[1] != a.cleared()) {
                    Database.update(c, "UPDATE alarms SET acknowledged = ?, cleared = ?, updated_at = ? WHERE alarm_id = ?",
                            a.acknowledged() ? 1 : 0, a.cleared() ? 1 : 0, now, a.id());
                    flags[0] = a.acknowledged();
                    flags[1] = a.cleared();
                    updated++;
                } else {
                    unchanged++;
                }
            }
            return new AlarmCounts(inserted, updated, unchanged);
        });
    }

    /** Events and alarms that arrived before their run's samples: linked once the run's span is known. */
    public void linkToRun(long runId) {
        db.inTransaction(c -> {
            link(c, "logger_events", "recorded_at", runId);
            link(c, "alarms", "raised_at", runId);
            return null;
        });
    }

    /**
     * Before run {@code runId} is removed (a rollback): its events and alarms move to another run whose span holds
     * their time, or to none. Returns how many of each table were unlinked.
     */
    static Map<String, Long> unlinkFromRun(Connection c, long runId) throws SQLException {
        Map<String, Long> unlinked = new LinkedHashMap<>();
        for (String[] table : new String[][] {{"logger_events", "recorded_at"}, {"alarms", "raised_at"}}) {
            unlinked.put(table[0], Database.update(c, "UPDATE " + table[0] + " SET run_id = "
                    + runHolding(table[0] + "." + table[1], " AND r.id <> ?") + " WHERE run_id = ?", runId, runId));
        }
        return unlinked;
    }

    private static void link(Connection c, String table, String column, long runId) throws SQLException {
        Database.update(c, "UPDATE " + table + " SET run_id = ? WHERE run_id IS NULL AND " + column + " >= "
                + "(SELECT started_at FROM runs WHERE id = ?) AND " + column + " <= (SELECT COALESCE(ended_at, started_at) "
                + "FROM runs WHERE id = ?)", runId, runId, runId);
    }

    /** The controller's events at an error level (ERROR, CRITICAL) recorded since an instant: how many, and the latest. */
    public record ErrorEvents(long count, Map<String, Object> latest) {
    }

    /** {@code ERROR} and {@code CRITICAL} logger events recorded at or after {@code since} (the index on recorded_at). */
    public ErrorEvents errorsSince(Instant since) {
        String errors = "FROM logger_events WHERE UPPER(level) IN ('ERROR', 'CRITICAL') AND recorded_at >= ?";
        String at = Instants.iso(since);
        return db.withConnection(c -> {
            long count = Database.count(c, "SELECT COUNT(*) " + errors, at);
            List<Map<String, Object>> latest = Database.query(c, "SELECT level, component, event, recorded_at " + errors
                    + " ORDER BY recorded_at DESC LIMIT 1", rs -> {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("level", rs.getString("level"));
                        e.put("component", rs.getString("component"));
                        e.put("event", rs.getString("event"));
                        e.put("recorded_at", SampleTimes.iso(rs, "recorded_at"));
                        return e;
                    }, at);
            return new ErrorEvents(count, latest.isEmpty() ? null : latest.get(0));
        });
    }
}
