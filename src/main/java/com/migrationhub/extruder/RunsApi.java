package com.migrationhub.extruder;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Database;
import com.migrationhub.core.Instants;
import com.migrationhub.core.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * What charts and scripts read (SPEC §8): runs with their profile, one run's summary, its samples downsampled on the
 * server, configuration versions with what changed between them, and alarms. A bad parameter is an
 * {@link com.migrationhub.core.BadRequestException} naming it (400), an unknown id a {@link NoSuchElementException} (404).
 */
public final class RunsApi {

    /** The controller trips "thermal runaway" above this; the summary says how long a run spent there. */
    static final double HEATER_LIMIT_C = 280.0;

    private final Database db;
    private final ConfigProfiles profiles;

    public RunsApi(Database db, ConfigProfiles profiles) {
        this.db = db;
        this.profiles = profiles;
    }

    public String runs(String from, String to, String status, String limit) {
        int max = intParameter("limit", limit, 100, 1, 500);
        if (status != null && !status.isBlank() && !RunRecord.STATUSES.contains(status)) {
            throw new com.migrationhub.core.BadRequestException("status must be one of " + String.join(", ", RunRecord.STATUSES) + ", got '" + status + "'");
        }
        StringBuilder sql = new StringBuilder("SELECT r.*, p.profile_name, p.version FROM runs r LEFT JOIN config_profiles p "
                + "ON p.id = r.config_profile_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (from != null && !from.isBlank()) {
            sql.append(" AND r.started_at >= ?");
            args.add(Instants.iso(instantParameter("from", from)));
        }
        if (to != null && !to.isBlank()) {
            sql.append(" AND r.started_at < ?");
            args.add(Instants.iso(instantParameter("to", to)));
        }
        if (status != null && !status.isBlank()) {
            sql.append(" AND r.status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY r.started_at DESC, r.id DESC LIMIT ?");
        args.add(max);
        List<Map<String, Object>> runs = db.withConnection(c -> Database.query(c, sql.toString(), RunsApi::run, args.toArray()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", runs.size());
        body.put("runs", runs);
        return Json.write(body);
    }

    private static Map<String, Object> run(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("log", rs.getString("source_file"));
        m.put("header_version", rs.getInt("header_version"));
        m.put("status", rs.getString("status"));
        m.put("status_reason", rs.getString("status_reason"));
        String started = SampleTimes.iso(rs, "started_at");
        String ended = SampleTimes.iso(rs, "ended_at");
        m.put("started_at", started);
        m.put("ended_at", ended);
        m.put("sample_count", rs.getLong("sample_count"));
        m.put("span_seconds", started == null || ended == null ? 0
                : (Instant.parse(ended).toEpochMilli() - Instant.parse(started).toEpochMilli()) / 1000.0);
        long profileId = rs.getLong("config_profile_id");
        if (rs.wasNull()) {
            m.put("profile", null);
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", profileId);
            p.put("name", rs.getString("profile_name"));
            p.put("version", rs.getInt("version"));
            m.put("profile", p);
        }
        return m;
    }

    public String run(String id) {
        long runId = id(id);
        Map<String, Object> body = db.withConnection(c -> {
            Map<String, Object> out;
            try (PreparedStatement ps = c.prepareStatement("SELECT r.*, p.profile_name, p.version FROM runs r LEFT JOIN "
                    + "config_profiles p ON p.id = r.config_profile_id WHERE r.id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchElementException("no run " + runId);
                    }
                    out = run(rs);
                }
            }
            // from the rollup, which commits with the samples: a few thousand rows for a million samples
            StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(n), 0)");
            for (SampleColumn col : SampleColumn.values()) {
                String n = col.column();
                sql.append(", MIN(").append(n).append("_min), MAX(").append(n).append("_max), SUM(").append(n).append("_sum) / NULLIF(SUM(")
                        .append(n).append("_n), 0), COALESCE(SUM(").append(n).append("_n), 0)");
            }
            sql.append(" FROM run_sample_blocks WHERE run_id = ?");
            Map<String, Object> columns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long samples = rs.getLong(1);
                    int i = 2;
                    for (SampleColumn col : SampleColumn.values()) {
                        Map<String, Object> stats = new LinkedHashMap<>();
                        stats.put("min", number(rs, i));
                        stats.put("max", number(rs, i + 1));
                        stats.put("mean", number(rs, i + 2));
                        stats.put("nulls", samples - rs.getLong(i + 3));
                        columns.put(col.column(), stats);
                        i += 4;
                    }
                }
            }
            out.put("columns", columns);
            out.put("heater_limit", aboveLimit(c, runId));
            String from = (String) out.get("started_at");
            String to = out.get("ended_at") == null ? from : (String) out.get("ended_at");
            out.put("alarms", Database.rows(c, "SELECT alarm_id, type, severity, message, raised_at, acknowledged, cleared FROM alarms "
                    + "WHERE run_id = ? OR (raised_at >= ? AND raised_at <= ?) ORDER BY raised_at", runId, from, to));
            // an event's context is stored as JSON text and answered as the JSON it holds
            List<Map<String, Object>> events = Database.rows(c, "SELECT level, component, event, context_json AS context, recorded_at, "
                    + "source_file, line FROM logger_events WHERE run_id = ? OR (recorded_at >= ? AND recorded_at <= ?) ORDER BY "
                    + "recorded_at", runId, from, to);
            events.forEach(e -> e.computeIfPresent("context", (k, v) -> parse((String) v)));
            out.put("events", events);
            return out;
        });
        return Json.write(body);
    }

    /**
     * How long a run spent above the heater limit on any barrel zone: each such sample until the next one. Only the
     * rollup's blocks that reach the limit are read sample by sample.
     */
    private static Map<String, Object> aboveLimit(java.sql.Connection c, long runId) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("limit_c", HEATER_LIMIT_C);
        String at = SampleTimes.millis(c, "s.recorded_at");
        String next = SampleTimes.millis(c, "n.recorded_at");
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(next_at - recorded_at), 0) FROM ("
                + "SELECT " + at + " AS recorded_at, (SELECT " + next + " FROM run_samples n WHERE n.run_id = s.run_id AND n.line > s.line "
                + "ORDER BY n.line LIMIT 1) AS next_at FROM run_sample_blocks b JOIN run_samples s ON s.run_id = b.run_id "
                + "AND s.line BETWEEN b.first_line AND b.last_line WHERE b.run_id = ? "
                + "AND (b.t1_feed_max > ? OR b.t2_mid_max > ? OR b.t3_nozzle_max > ?) "
                + "AND (s.t1_feed > ? OR s.t2_mid > ? OR s.t3_nozzle > ?)) above")) {
            ps.setLong(1, runId);
            for (int p = 2; p <= 7; p++) {
                ps.setDouble(p, HEATER_LIMIT_C);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                m.put("samples_above", rs.getLong(1));
                m.put("seconds_above", rs.getLong(2) / 1000.0);
            }
        }
        return m;
    }

    /**
     * A run's samples for a chart, at most {@code max_points} points per column: the run's span cut into that many
     * time buckets, each point the bucket's start with its minimum, maximum and mean, so a spike of one sample survives
     * any downsampling. A run with fewer samples than that comes back sample by sample. A long run is grouped from its
     * rollup ({@link SampleBlocks}) when that has a block for every point, so a bucket's minimum and maximum are still
     * exact and its start is the first instant of its first block.
     */
    public String samples(String id, String columns, String maxPoints) {
        return Json.write(samples(SamplesQuery.of(id, columns, maxPoints)));
    }

    SampleSeries samples(SamplesQuery query) {
        long runId = query.runId();
        int points = query.maxPoints();
        List<SampleColumn> wanted = query.columns();
        return db.withConnection(c -> {
            long count;
            long first;
            long last;
            long blocks;
            // the rollup commits with the samples, so its totals are the samples'
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(n), 0), MIN(first_at), MAX(last_at), COUNT(*) "
                    + "FROM run_sample_blocks WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    first = rs.getLong(2);
                    last = rs.getLong(3);
                    blocks = rs.getLong(4);
                }
            }
            if (count == 0 && Database.count(c, "SELECT COUNT(*) FROM runs WHERE id = ?", runId) == 0) {
                throw new NoSuchElementException("no run " + runId);
            }
            boolean raw = count <= points;
            // at least one block per bucket: the rollup is as fine as the chart; below that, group the samples themselves
            boolean fromBlocks = !raw && blocks >= points;
            long span = Math.max(1, last - first + 1);
            StringBuilder sql = new StringBuilder("SELECT ");
            String at = SampleTimes.millis(c, "recorded_at");
            if (raw) {
                sql.append(at);
                wanted.forEach(col -> sql.append(", ").append(col.column()).append(", ").append(col.column()).append(", ")
                        .append(col.column()));
                sql.append(" FROM run_samples WHERE run_id = ? ORDER BY line");
            } else if (fromBlocks) {
                sql.append("MIN(first_at)");
                wanted.forEach(col -> {
                    String n = col.column();
                    sql.append(", MIN(").append(n).append("_min), MAX(").append(n).append("_max), SUM(").append(n)
                            .append("_sum) / NULLIF(SUM(").append(n).append("_n), 0)");
                });
                sql.append(" FROM run_sample_blocks WHERE run_id = ? GROUP BY (first_at - ?) * ? / ? ORDER BY 1");
            } else {
                sql.append("MIN(").append(at).append(')');
                wanted.forEach(col -> {
                    String n = col.column();
                    sql.append(", MIN(").append(n).append("), MAX(").append(n).append("), AVG(").append(n).append(')');
                });
                // integer arithmetic on both engines: the bucket of a sample is its offset in the span scaled to the points
                sql.append(" FROM run_samples WHERE run_id = ? GROUP BY (" + at + " - ?) * ? / ? ORDER BY 1");
            }
            List<Long> t = new ArrayList<>();
            Map<String, Map<String, List<Double>>> series = new LinkedHashMap<>();
            for (SampleColumn col : wanted) {
                Map<String, List<Double>> s = new LinkedHashMap<>();
                s.put("min", new ArrayList<>());
                s.put("max", new ArrayList<>());
                s.put("mean", new ArrayList<>());
                series.put(col.column(), s);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setLong(1, runId);
                if (!raw) {
                    ps.setLong(2, first);
                    ps.setLong(3, points);
                    ps.setLong(4, span);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        t.add(rs.getLong(1));
                        int i = 2;
                        for (SampleColumn col : wanted) {
                            Map<String, List<Double>> s = series.get(col.column());
                            s.get("min").add(number(rs, i));
                            s.get("max").add(number(rs, i + 1));
                            s.get("mean").add(number(rs, i + 2));
                            i += 3;
                        }
                    }
                }
            }
            return new SampleSeries(runId, count, points, !raw, raw ? null : (double) span / points,
                    raw ? "samples" : fromBlocks ? "blocks of " + SampleBlocks.LINES + " lines" : "buckets of samples",
                    t.size(), t, series);
        });
    }

    public String profiles() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, JsonNode> previous = new LinkedHashMap<>();
        List<Map<String, Object>> applied = db.withConnection(c -> Database.rows(c, "SELECT profile_id, applied_at, applied_by, source_file "
                + "FROM config_applied_events ORDER BY applied_at, id"));
        for (ConfigProfiles.Profile p : profiles.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("name", p.name());
            m.put("version", p.version());
            m.put("created_at", p.createdAt());
            m.put("source_file", p.sourceFile());
            m.put("content_hash", p.contentHash());
            m.put("applied", applied.stream().filter(a -> ((Number) a.get("profile_id")).longValue() == p.id()).toList());
            JsonNode content = parse(p.contentJson());
            JsonNode before = previous.get(p.name());
            m.put("changes", before == null ? List.of() : changes(before, content));
            m.put("content", content);
            previous.put(p.name(), content);
            out.add(m);
        }
        return Json.write(Map.of("profiles", out));
    }

    /** What changed between two versions, as paths with old and new values (absent: null). */
    static List<Map<String, Object>> changes(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = new TreeMap<>();
        Map<String, JsonNode> b = new TreeMap<>();
        flatten("", before, a);
        flatten("", after, b);
        TreeMap<String, Boolean> paths = new TreeMap<>();
        a.keySet().forEach(k -> paths.put(k, true));
        b.keySet().forEach(k -> paths.put(k, true));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String path : paths.keySet()) {
            JsonNode o = a.get(path);
            JsonNode n = b.get(path);
            if (o == null || !o.equals(n)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("path", path);
                change.put("old", o);
                change.put("new", n);
                out.add(change);
            }
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    public String alarms(String active) {
        if (active != null && !active.isBlank() && !List.of("true", "false").contains(active)) {
            throw new com.migrationhub.core.BadRequestException("active must be true or false, got '" + active + "'");
        }
        String where = "true".equals(active) ? " WHERE cleared = 0" : "false".equals(active) ? " WHERE cleared = 1" : "";
        List<Map<String, Object>> alarms = db.withConnection(c -> Database.rows(c, "SELECT alarm_id, type, severity, message, raised_at, "
                + "acknowledged, cleared, run_id, source_file, updated_at FROM alarms" + where + " ORDER BY raised_at DESC"));
        for (Map<String, Object> a : alarms) {
            a.put("acknowledged", ((Number) a.get("acknowledged")).intValue() == 1);
            a.put("cleared", ((Number) a.get("cleared")).intValue() == 1);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", alarms.size());
        body.put("alarms", alarms);
        return Json.write(body);
    }

    private static Double number(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    static long id(String id) {
        try {
            return Long.parseLong(id == null ? "" : id.strip());
        } catch (NumberFormatException e) {
            throw new com.migrationhub.core.BadRequestException("id must be a run number, got '" + id + "'");
        }
    }

    static int intParameter(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new com.migrationhub.core.BadRequestException(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    /** {@code 2025-12-01} (start of that day, UTC) or an ISO-8601 instant. */
    private static Instant instantParameter(String name, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new com.migrationhub.core.BadRequestException(name + " must be a date (2025-12-01) or an ISO-8601 instant, got '" + value + "'");
        }
    }
}
