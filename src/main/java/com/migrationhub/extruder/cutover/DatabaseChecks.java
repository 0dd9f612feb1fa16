package com.migrationhub.extruder.cutover;

import com.migrationhub.core.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/** The extruder database's pre-checks: reachable, version, privileges, schema. */
final class DatabaseChecks {

    private DatabaseChecks() {
    }


    /** {@code db.reachable}: a connection within 5 seconds. Its failure is exit 3 and skips every check that needs one. */
    record Reachable() implements CutoverCheck {
        public String id() { return "db.reachable"; }

        public CheckResult run(CheckContext c) {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("engine", c.engine());
            ev.put("url", c.redactedUrl());
            if (c.sqliteNotCreated()) {
                Path folder = c.sqliteFile().toAbsolutePath().getParent();
                ev.put("file", c.sqliteFile().toString());
                ev.put("exists", false);
                ev.put("folder_writable", Files.isWritable(folder) || !Files.exists(folder));
                return CheckResult.of(id(), (boolean) ev.get("folder_writable"), CheckStatus.FAIL, ev,
                        "make " + folder + " writable for the hub: the first ingest creates the SQLite file there");
            }
            long t0 = System.nanoTime();
            try {
                c.connection();
                ev.put("connect_ms", (System.nanoTime() - t0) / 1_000_000);
                return CheckResult.pass(id(), ev);
            } catch (SQLException e) {
                ev.put("error", c.unreachable());
                return CheckResult.fail(id(), ev, "start the database or correct EXTRUDER_DB_URL (host, port, database, user): "
                        + "the hub must connect before anything else can be checked");
            }
        }
    }

    /** {@code db.version}: PostgreSQL 12 or later (generated columns, jsonb, the planner the indexes assume). */
    record Version() implements CutoverCheck {
        public String id() { return "db.version"; }
        public boolean needsDatabase() { return true; }

        public CheckResult run(CheckContext c) throws SQLException {
            Map<String, Object> ev = new LinkedHashMap<>();
            Connection conn = c.connection();
            if (conn == null) {
                ev.put("engine", "sqlite");
                ev.put("note", "not created yet: the bundled SQLite driver makes it");
                return CheckResult.pass(id(), ev);
            }
            if (c.postgres()) {
                long num = Database.count(conn, "SELECT current_setting('server_version_num')::int");
                ev.put("server_version", single(conn, "SHOW server_version"));
                ev.put("server_version_num", num);
                ev.put("minimum", 120000);
                return CheckResult.of(id(), num >= 120000, CheckStatus.FAIL, ev,
                        "upgrade PostgreSQL to 12 or later (the extruder schema needs it)");
            }
            ev.put("engine", c.engine());
            ev.put("version", single(conn, c.sqlite() ? "SELECT sqlite_version()" : "SELECT 1"));
            return CheckResult.pass(id(), ev);
        }
    }

    /** {@code db.privileges}: the user can create tables and write them (a temporary table, then a write lock, rolled back). */
    record Privileges() implements CutoverCheck {
        public String id() { return "db.privileges"; }
        public boolean needsDatabase() { return true; }

        public CheckResult run(CheckContext c) throws SQLException {
            Map<String, Object> ev = new LinkedHashMap<>();
            Connection conn = c.connection();
            if (conn == null) {
                Path folder = c.sqliteFile().toAbsolutePath().getParent();
                boolean writable = !Files.exists(folder) || Files.isWritable(folder);
                ev.put("folder", folder.toString());
                ev.put("folder_writable", writable);
                return CheckResult.of(id(), writable, CheckStatus.FAIL, ev, "let the hub's user write " + folder);
            }
            if (c.postgres()) {
                ev.put("user", single(conn, "SELECT current_user"));
                ev.put("database", single(conn, "SELECT current_database()"));
                ev.put("schema", single(conn, "SELECT current_schema()"));
                boolean connect = bool(conn, "SELECT has_database_privilege(current_user, current_database(), ?)", "CONNECT");
                boolean temp = bool(conn, "SELECT has_database_privilege(current_user, current_database(), ?)", "TEMP");
                boolean create = bool(conn, "SELECT current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), ?)", "CREATE");
                ev.put("connect", connect);
                ev.put("create_in_schema", create);
                ev.put("temporary", temp);
                String probe = probe(conn, "CREATE TEMPORARY TABLE cutover_probe (id BIGINT PRIMARY KEY, at TIMESTAMPTZ, doc JSONB)",
                        "INSERT INTO cutover_probe VALUES (?, now(), '{}'::jsonb)");
                ev.put("write_probe", probe == null ? "created, wrote and rolled back a table" : probe);
                boolean ok = connect && create && probe == null;
                return CheckResult.of(id(), ok, CheckStatus.FAIL, ev, "GRANT CREATE ON SCHEMA " + ev.get("schema")
                        + " TO " + ev.get("user") + " (and USAGE, CONNECT): the hub creates and migrates its own tables");
            }
            Path file = c.sqliteFile();
            ev.put("file", String.valueOf(file));
            ev.put("file_writable", file == null || Files.isWritable(file));
            // BEGIN IMMEDIATE takes SQLite's write lock: a read-only file or a held lock shows here, not mid-ingest
            String probe = probe(conn, "BEGIN IMMEDIATE", "CREATE TABLE cutover_probe (id INTEGER PRIMARY KEY)");
            ev.put("write_probe", probe == null ? "took the write lock and created a table, rolled back" : probe);
            return CheckResult.of(id(), probe == null && (boolean) ev.get("file_writable"), CheckStatus.FAIL, ev,
                    "let the hub's user write " + file + " and its folder, and stop whatever holds its write lock");
        }

        /** Runs the statements in a transaction that is rolled back; null when they worked, else the error. */
        private static String probe(Connection conn, String... statements) {
            boolean auto = true;
            try {
                auto = conn.getAutoCommit();
                if (!statements[0].startsWith("BEGIN")) {
                    conn.setAutoCommit(false);
                }
                for (String sql : statements) {
                    if (sql.contains("?")) {
                        Database.update(conn, sql, 1L);
                    } else {
                        try (java.sql.Statement s = conn.createStatement()) {
                            s.execute(sql);
                        }
                    }
                }
                return null;
            } catch (SQLException e) {
                return e.getMessage();
            } finally {
                try {
                    if (statements[0].startsWith("BEGIN")) {
                        try (java.sql.Statement s = conn.createStatement()) {
                            s.execute("ROLLBACK");
                        } catch (SQLException notInTransaction) {
                            // BEGIN itself failed
                        }
                    } else {
                        conn.rollback();
                        conn.setAutoCommit(auto);
                    }
                } catch (SQLException ignored) {
                    // the probe's own outcome is what the check reports
                }
            }
        }
    }

    /** {@code db.schema}: Flyway's history — applied version, pending and failed migrations. */
    record Schema() implements CutoverCheck {
        public String id() { return "db.schema"; }
        public boolean needsDatabase() { return true; }

        public CheckResult run(CheckContext c) throws SQLException {
            Map<String, Object> ev = new LinkedHashMap<>();
            Connection conn = c.connection();
            if (conn == null) {
                int available = Database.migrations("extruder", new org.sqlite.SQLiteDataSource(), true).info().all().length;
                ev.put("current", null);
                ev.put("pending", available);
                ev.put("failed", 0);
                return CheckResult.warn(id(), ev, "run ./hub extruder-ingest (or start the service) once: it creates the database "
                        + "and applies the " + available + " migrations");
            }
            MigrationInfoService info = Database.migrations("extruder", new SingleConnection(conn), c.sqlite()).info();
            MigrationInfo current = info.current();
            List<MigrationInfo> all = Arrays.asList(info.all());
            long pending = all.stream().filter(m -> m.getState() == MigrationState.PENDING).count();
            List<String> failed = all.stream().filter(m -> m.getState().isFailed())
                    .map(m -> m.getVersion() + " " + m.getDescription()).toList();
            ev.put("current", current == null ? null : current.getVersion().toString());
            ev.put("applied", all.stream().filter(m -> m.getState().isApplied()).count());
            ev.put("pending", pending);
            ev.put("pending_versions", all.stream().filter(m -> m.getState() == MigrationState.PENDING)
                    .map(m -> m.getVersion() + " " + m.getDescription()).toList());
            ev.put("failed", failed);
            if (!failed.isEmpty()) {
                return CheckResult.fail(id(), ev, "repair the failed migration " + failed.get(0)
                        + " (restore the database or remove its row from flyway_schema_history once its changes are undone)");
            }
            return CheckResult.of(id(), pending == 0, CheckStatus.WARN, ev,
                    "apply the schema: ./hub extruder-ingest (or the service starting) applies the " + pending + " pending migrations");
        }
    }

    static String single(Connection conn, String sql, Object... parameters) throws SQLException {
        List<String> rows = Database.query(conn, sql, rs -> rs.getString(1), parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static boolean bool(Connection conn, String sql, Object... parameters) throws SQLException {
        List<Boolean> rows = Database.query(conn, sql, rs -> rs.getBoolean(1), parameters);
        return !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0));
    }
}
