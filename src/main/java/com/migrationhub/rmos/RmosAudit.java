package com.migrationhub.rmos;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Database;
import com.migrationhub.core.Json;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The RMOS database audit: the schema the application expects (version, tables, columns, indexes),
 * then every row — required fields, value ranges, references, ISO timestamps, JSON columns that parse to
 * the right shape. Errors fail the audit; warnings do not. Table metadata comes from JDBC, so the audit
 * reads SQLite and PostgreSQL alike.
 */
public final class RmosAudit {

    public static final int EXPECTED_SCHEMA_VERSION = 2;
    private static final int MAX_LISTED = 1000;

    static final Map<String, List<String>> COLUMNS = Map.of(
            "strip_families", List.of("id", "name", "strip_width_mm", "strip_thickness_mm", "material_type", "strips_json",
                    "created_at", "updated_at", "metadata_json"),
            "patterns", List.of("id", "name", "ring_count", "geometry_json", "strip_family_id", "created_at", "updated_at",
                    "metadata_json", "pattern_type", "rosette_geometry"),
            "joblogs", List.of("id", "job_type", "pattern_id", "strip_family_id", "status", "start_time", "end_time",
                    "duration_seconds", "parameters_json", "results_json", "created_at", "updated_at"),
            "schema_version", List.of("version", "applied_at"));
    /** The indexes the RMOS application's own migration audit checks. */
    static final List<String> REQUIRED_INDEXES = List.of("idx_patterns_strip_family", "idx_joblogs_pattern",
            "idx_joblogs_strip_family", "idx_joblogs_status");
    static final List<String> RECOMMENDED_INDEXES = List.of("idx_patterns_name", "idx_patterns_pattern_type", "idx_joblogs_created");

    private final Database db;

    public RmosAudit(Database db) {
        this.db = db;
    }

    /** The audit's findings; {@code passed} when there is no error. */
    public record Result(String timestamp, String database, Integer schemaVersion, long checks, List<String> errors,
                         long errorCount, List<String> warnings, long warningCount, Map<String, Long> rows) {
        public boolean passed() {
            return errorCount == 0;
        }
    }

    private static final class Findings {
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        long errorCount;
        long warningCount;
        long checks;

        void error(String m) {
            errorCount++;
            if (errors.size() < MAX_LISTED) {
                errors.add(m);
            }
        }

        void warning(String m) {
            warningCount++;
            if (warnings.size() < MAX_LISTED) {
                warnings.add(m);
            }
        }
    }

    public Result run() {
        return db.withConnection(c -> {
            Findings f = new Findings();
            Map<String, Long> rows = new LinkedHashMap<>();
            Set<String> tables = tables(c);
            Integer version = null;
            for (String table : List.of("strip_families", "patterns", "joblogs", "schema_version")) {
                f.checks++;
                if (!tables.contains(table)) {
                    f.error("required table " + table + " is missing");
                    continue;
                }
                Set<String> cols = columns(c, table);
                for (String col : COLUMNS.get(table)) {
                    f.checks++;
                    if (!cols.contains(col)) {
                        f.error("table " + table + " has no column " + col);
                    }
                }
            }
            if (tables.contains("schema_version")) {
                version = schemaVersion(c, f);
            }
            indexes(c, tables, f);
            if (tables.contains("strip_families")) {
                rows.put("strip_families", stripFamilies(c, f));
            }
            if (tables.contains("patterns")) {
                rows.put("patterns", patterns(c, f));
            }
            if (tables.contains("joblogs")) {
                rows.put("joblogs", joblogs(c, f));
            }
            if (tables.containsAll(List.of("strip_families", "patterns", "joblogs"))) {
                for (Map<String, Object> d : RmosStore.danglingReferences(c)) {
                    f.error(d.get("entity") + " " + d.get("id") + ": " + d.get("field") + " " + d.get("missing_id")
                            + " is not in " + d.get("missing"));
                }
                f.checks++;
            }
            return new Result(Instant.now().toString(), db.url(), version, f.checks, List.copyOf(f.errors), f.errorCount,
                    List.copyOf(f.warnings), f.warningCount, rows);
        });
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), table, "%")) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static Integer schemaVersion(Connection c, Findings f) throws SQLException {
        f.checks++;
        try (PreparedStatement ps = c.prepareStatement("SELECT version, applied_at FROM schema_version ORDER BY version DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                f.error("schema_version is empty: the RMOS application would not know the schema");
                return null;
            }
            int v = rs.getInt(1);
            if (v != EXPECTED_SCHEMA_VERSION) {
                f.warning("schema version is " + v + ", this migration writes version " + EXPECTED_SCHEMA_VERSION);
            }
            if (rs.getString(2) == null) {
                f.warning("schema_version " + v + " has no applied_at");
            }
            return v;
        }
    }

    private static void indexes(Connection c, Set<String> tables, Findings f) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        for (String table : List.of("patterns", "joblogs", "strip_families")) {
            if (!tables.contains(table)) {
                continue;
            }
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, c.getSchema(), table, false, false)) {
                while (rs.next()) {
                    String n = rs.getString("INDEX_NAME");
                    if (n != null) {
                        names.add(n.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        for (String idx : REQUIRED_INDEXES) {
            f.checks++;
            if (!names.contains(idx)) {
                f.error("required index " + idx + " is missing");
            }
        }
        for (String idx : RECOMMENDED_INDEXES) {
            f.checks++;
            if (!names.contains(idx)) {
                f.warning("recommended index " + idx + " is missing");
            }
        }
    }

    private static long stripFamilies(Connection c, Findings f) throws SQLException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM strip_families ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                Row r = new Row("strip_families", rs, f);
                r.text("name");
                r.positive("strip_width_mm");
                r.positive("strip_thickness_mm");
                r.text("material_type");
                JsonNode strips = r.json("strips_json", true);
                if (strips != null && (!strips.isArray() || strips.isEmpty())) {
                    r.error("strips_json must be a non-empty list");
                }
                r.optionalObject("metadata_json");
                r.timestamps("created_at", "updated_at");
            }
        }
        return n;
    }

    private static long patterns(Connection c, Findings f) throws SQLException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM patterns ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                Row r = new Row("patterns", rs, f);
                r.text("name");
                Object rings = rs.getObject("ring_count");
                f.checks++;
                if (!(rings instanceof Integer || rings instanceof Long) || ((Number) rings).longValue() < 1) {
                    r.error("ring_count must be a whole number >= 1, found " + rings);
                }
                String type = rs.getString("pattern_type");
                if (type != null && !DocumentValidator.PATTERN_TYPES.contains(type)) {
                    r.error("pattern_type " + type + " is not generic or rosette");
                }
                JsonNode geometry = r.json("geometry_json", true);
                if (geometry != null && !geometry.isObject()) {
                    r.error("geometry_json must be an object");
                }
                if ("rosette".equals(type)) {
                    JsonNode rosette = r.json("rosette_geometry", true);
                    if (rosette != null && !rosette.isObject()) {
                        r.error("rosette_geometry must be an object");
                    }
                } else {
                    if (geometry != null && geometry.isObject() && geometry.isEmpty()) {
                        r.error("geometry_json is empty for a " + (type == null ? "generic" : type) + " pattern");
                    }
                    r.optionalObject("rosette_geometry");
                }
                r.optionalObject("metadata_json");
                r.timestamps("created_at", "updated_at");
            }
        }
        return n;
    }

    private static long joblogs(Connection c, Findings f) throws SQLException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM joblogs ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                Row r = new Row("joblogs", rs, f);
                String type = r.text("job_type");
                if (type != null && !DocumentValidator.knownJobType(type)) {
                    r.error("job_type " + type + " is not a known job type");
                }
                String status = rs.getString("status");
                f.checks++;
                if (status == null || !DocumentValidator.STATUSES.contains(status)) {
                    r.error("status " + status + " is not a known status");
                }
                if ("completed".equals(status)) {
                    if (rs.getString("end_time") == null) {
                        r.error("a completed job has no end_time");
                    }
                    if (rs.getObject("duration_seconds") == null) {
                        r.warning("a completed job has no duration_seconds");
                    }
                }
                Object duration = rs.getObject("duration_seconds");
                if (duration != null && (!(duration instanceof Number) || ((Number) duration).doubleValue() < 0)) {
                    r.error("duration_seconds must be a number >= 0, found " + duration);
                }
                JsonNode params = r.json("parameters_json", true);
                if (params != null && !params.isObject()) {
                    r.error("parameters_json must be an object");
                }
                r.optionalObject("results_json");
                r.timestamps("start_time", "end_time", "created_at", "updated_at");
            }
        }
        return n;
    }

    /** Checks of one row; messages start with the table and id so each finding names its row. */
    private static final class Row {
        private final String table;
        private final ResultSet rs;
        private final Findings f;
        private final String id;

        Row(String table, ResultSet rs, Findings f) throws SQLException {
            this.table = table;
            this.rs = rs;
            this.f = f;
            this.id = rs.getString("id");
            f.checks++;
            if (id == null || id.isBlank()) {
                f.error(table + ": a row has no id");
            }
        }

        void error(String m) {
            f.error(table + " " + id + ": " + m);
        }

        void warning(String m) {
            f.warning(table + " " + id + ": " + m);
        }

        String text(String col) throws SQLException {
            f.checks++;
            String v = rs.getString(col);
            if (v == null || v.isBlank()) {
                error(col + " is missing");
                return null;
            }
            return v;
        }

        void positive(String col) throws SQLException {
            f.checks++;
            Object v = rs.getObject(col);
            if (!(v instanceof Number) || !(((Number) v).doubleValue() > 0)) {
                error(col + " must be a number > 0, found " + v);
            }
        }

        JsonNode json(String col, boolean required) throws SQLException {
            f.checks++;
            String v = rs.getString(col);
            if (v == null) {
                if (required) {
                    error(col + " is missing");
                }
                return null;
            }
            try {
                return Json.mapper().readTree(v);
            } catch (Exception e) {
                error(col + " is not valid JSON");
                return null;
            }
        }

        void optionalObject(String col) throws SQLException {
            JsonNode v = json(col, false);
            if (v != null && !v.isNull() && !v.isObject()) {
                error(col + " must be a JSON object");
            }
        }

        void timestamps(String... cols) throws SQLException {
            for (String col : cols) {
                f.checks++;
                String v = rs.getString(col);
                if (v == null && col.equals("created_at")) {
                    error("created_at is missing");
                } else if (v != null && !DocumentValidator.isIsoTimestamp(v)) {
                    error(col + " is not an ISO timestamp: " + v);
                }
            }
        }
    }
}
