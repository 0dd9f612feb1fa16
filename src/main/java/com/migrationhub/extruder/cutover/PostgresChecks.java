package com.migrationhub.extruder.cutover;

import com.migrationhub.core.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's readiness for the night window: WAL archiving (point-in-time recovery), what WAL is kept, and the
 * standbys' lag. On another engine they are skipped: SQLite's backup is the copy {@code ./hub cutover backup} takes.
 */
final class PostgresChecks {

    /** A standby further behind than this is reported (16 MiB: one WAL segment). */
    static final long LAG_BYTES = 16L << 20;

    private PostgresChecks() {
    }


    /** A check that reads PostgreSQL's own settings and views: skipped, saying why, on SQLite. */
    interface OnPostgres extends CutoverCheck {
        @Override
        default boolean needsDatabase() {
            return true;
        }

        default String notPostgres() {
            return "not PostgreSQL";
        }

        @Override
        default CheckResult run(CheckContext c) throws Exception {
            return c.postgres() ? run(c, c.connection(), new LinkedHashMap<>()) : CheckResult.skipped(id(), notPostgres());
        }

        /** The check on PostgreSQL, {@code evidence} to fill. */
        CheckResult run(CheckContext c, Connection conn, Map<String, Object> evidence) throws SQLException;
    }

    /**
     * {@code pg.wal}: wal_level, archive_mode, archive_command and pg_stat_archiver. Without archiving there is no PITR:
     * a fail on production, a warning on staging.
     */
    record Wal() implements OnPostgres {
        public String id() { return "pg.wal"; }

        @Override
        public String notPostgres() {
            return "not PostgreSQL: the SQLite database is backed up by ./hub cutover backup";
        }

        public CheckResult run(CheckContext c, Connection conn, Map<String, Object> ev) throws SQLException {
            String level = DatabaseChecks.single(conn, "SHOW wal_level");
            String mode = DatabaseChecks.single(conn, "SHOW archive_mode");
            String command = DatabaseChecks.single(conn, "SHOW archive_command");
            String library = DatabaseChecks.single(conn, "SELECT setting FROM pg_settings WHERE name = ?", "archive_library");
            ev.put("wal_level", level);
            ev.put("archive_mode", mode);
            ev.put("archive_command", command);
            ev.put("archive_library", library == null ? "" : library);
            Map<String, Object> archiver = Database.rows(conn, "SELECT archived_count, last_archived_wal, last_archived_time, "
                    + "failed_count, last_failed_wal, last_failed_time FROM pg_stat_archiver").get(0);
            archiver.replaceAll((k, v) -> v instanceof java.sql.Timestamp t ? t.toInstant().toString() : v);
            ev.put("archiver", archiver);
            boolean levelOk = !"minimal".equals(level);
            boolean archiving = ("on".equals(mode) || "always".equals(mode))
                    && ((command != null && !command.isBlank() && !command.equals("(disabled)")) || (library != null && !library.isBlank()));
            long failed = ((Number) archiver.getOrDefault("failed_count", 0L)).longValue();
            Object lastFailed = archiver.get("last_failed_time");
            Object lastArchived = archiver.get("last_archived_time");
            boolean failingNow = failed > 0 && lastFailed != null
                    && (lastArchived == null || lastFailed.toString().compareTo(lastArchived.toString()) > 0);
            ev.put("pitr_ready", levelOk && archiving && !failingNow);
            CheckStatus otherwise = c.target() == Target.PRODUCTION ? CheckStatus.FAIL : CheckStatus.WARN;
            String fix = !levelOk ? "set wal_level = replica and restart PostgreSQL"
                    : !archiving ? "set archive_mode = on and an archive_command (or archive_library) that copies WAL off the "
                    + "machine, restart PostgreSQL, and take a base backup: without it there is no point-in-time recovery"
                    : "the archiver is failing (" + archiver.get("last_failed_wal") + "): fix archive_command, see the server log";
            return CheckResult.of(id(), levelOk && archiving && !failingNow, otherwise, ev, fix);
        }
    }

    /** {@code pg.wal-retention}: max_wal_size, wal_keep_size and the WAL each replication slot holds back. */
    record WalRetention() implements OnPostgres {
        public String id() { return "pg.wal-retention"; }

        public CheckResult run(CheckContext c, Connection conn, Map<String, Object> ev) throws SQLException {
            ev.put("max_wal_size", DatabaseChecks.single(conn, "SHOW max_wal_size"));
            ev.put("wal_keep_size", DatabaseChecks.single(conn, "SHOW wal_keep_size"));
            long maxWalBytes = Database.count(conn, "SELECT pg_size_bytes(current_setting('max_wal_size'))");
            boolean recovery = DatabaseChecks.bool(conn, "SELECT pg_is_in_recovery()");
            List<Map<String, Object>> slots = recovery ? List.of() : Database.rows(conn, "SELECT slot_name, slot_type, active, "
                    + "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS held_bytes FROM pg_replication_slots ORDER BY slot_name");
            ev.put("slots", slots);
            List<String> stale = slots.stream().filter(s -> !Boolean.TRUE.equals(s.get("active"))
                    && s.get("held_bytes") instanceof Number n && n.longValue() > maxWalBytes).map(s -> (String) s.get("slot_name")).toList();
            ev.put("inactive_slots_holding_more_than_max_wal_size", stale);
            return CheckResult.of(id(), stale.isEmpty(), CheckStatus.WARN, ev, "drop or reconnect the inactive replication slot "
                    + stale + ": it holds WAL back and the ingestion's WAL will fill the disk");
        }
    }

    /** Each standby of the primary {@code conn} is: name, address, state, lag in bytes and replay_lag in seconds (null until known). */
    static List<Map<String, Object>> standbys(Connection conn) throws SQLException {
        return Database.rows(conn, "SELECT application_name, client_addr::text AS client_addr, state, "
                + "sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS lag_bytes, "
                + "EXTRACT(EPOCH FROM replay_lag)::float8 AS replay_lag_seconds FROM pg_stat_replication ORDER BY application_name");
    }

    /** {@code pg.replication}: each standby's lag, when there are any. */
    record Replication() implements OnPostgres {
        public String id() { return "pg.replication"; }

        public CheckResult run(CheckContext c, Connection conn, Map<String, Object> ev) throws SQLException {
            boolean recovery = DatabaseChecks.bool(conn, "SELECT pg_is_in_recovery()");
            ev.put("in_recovery", recovery);
            if (recovery) {
                return CheckResult.fail(id(), ev, "EXTRUDER_DB_URL points at a standby (read-only): point it at the primary");
            }
            List<Map<String, Object>> standbys = standbys(conn);
            ev.put("standbys", standbys);
            List<String> behind = standbys.stream().filter(s -> s.get("lag_bytes") instanceof Number n && n.longValue() > LAG_BYTES
                    || !"streaming".equals(s.get("state"))).map(s -> String.valueOf(s.get("application_name"))).toList();
            ev.put("lagging", behind);
            return CheckResult.of(id(), behind.isEmpty(), CheckStatus.WARN, ev, "let the standby " + behind
                    + " catch up (or find why it is not streaming) before the ingestion adds its WAL");
        }
    }
}
