package com.migrationhub.cli;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchTotals;
import com.migrationhub.core.Database;
import com.migrationhub.core.HubSettings;
import com.migrationhub.extruder.cutover.CheckContext;
import com.migrationhub.extruder.cutover.Checklist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The cut-over's links into the one-shot commands: the calibration behind logs.estimate (the real extruder-ingest
 * into a throw-away database of the configured engine), and the checklist items extruder-ingest and extruder-verify
 * prove or disprove.
 */
final class Cutover {

    private Cutover() {
    }

    /**
     * Ingests each phase's sample with {@link ExtruderIngestCommand#ingest}, one after the other in this JVM, into one
     * throw-away home beside them: a new SQLite file on SQLite, a new schema (dropped afterwards) in the same PostgreSQL
     * database on PostgreSQL. {@code jvmSeconds}, how long this JVM took to start (a real {@code ./hub extruder-ingest}
     * pays it too), is added to the first phase's start-up.
     */
    static CheckContext.Calibration calibration(HubSettings real, double jvmSeconds) {
        return phases -> {
            Path home = phases.get(0).getParent().resolve("home");
            String url = real.get("hub.extruder.db.url");
            String schema = null;
            String calibrationUrl;
            if (url.startsWith("jdbc:postgresql:")) {
                schema = "cutover_calibration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                execute(url, "CREATE SCHEMA " + schema);
                calibrationUrl = url.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "")
                        + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            } else {
                String query = url.contains("?") ? url.substring(url.indexOf('?')) : "";
                calibrationUrl = "jdbc:sqlite:" + home.resolve("data/extruder.db") + query;
            }
            try {
                HubSettings settings = HubSettings.of(home, Map.of(
                        "hub.extruder.db.url", calibrationUrl,
                        "hub.extruder.timezone", real.get("hub.extruder.timezone", ""),
                        "hub.extruder.chunk-size", real.get("hub.extruder.chunk-size", "5000"),
                        "hub.extruder.db-writes", "true",
                        "hub.progress", "off",
                        "hub.instance.id", "cutover-calibration"));
                List<CheckContext.Calibrated> out = new java.util.ArrayList<>();
                for (Path phase : phases) {
                    long bytes = ProgressDisplay.bytesOf(phase.resolve("logs"), ExtruderIngestCommand::isCandidate);
                    if (bytes == 0) {
                        out.add(new CheckContext.Calibrated(0, 0, 0, 0, 0)); // an empty phase keeps the others' places
                        continue;
                    }
                    ExtruderIngestCommand.Ingested run = ExtruderIngestCommand.ingest(settings, phase, true, true);
                    long growth = schema != null ? schemaBytes(url, schema) : sqliteBytes(home.resolve("data/extruder.db"));
                    double startup = (out.isEmpty() ? jvmSeconds : 0) + run.startupSeconds() + run.closeSeconds();
                    out.add(new CheckContext.Calibrated(run.ingestSeconds(), startup, BatchTotals.of(run.batches()).loaded(), bytes,
                            growth));
                }
                return out;
            } finally {
                if (schema != null) {
                    execute(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        };
    }

    private static long sqliteBytes(Path db) throws IOException {
        long total = 0;
        for (String suffix : List.of("", "-wal")) {
            Path p = db.resolveSibling(db.getFileName() + suffix);
            total += Files.exists(p) ? Files.size(p) : 0;
        }
        return total;
    }

    private static long schemaBytes(String url, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            return Database.count(c, "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'm')", schema);
        }
    }

    /** DDL on a schema name the hub made itself (letters, digits, underscore): nothing from input reaches it. */
    private static void execute(String url, String ddl) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(ddl);
        }
    }

    /**
     * extruder-ingest's part of the ingestion item: an ingest that read every file present and whose counts add up
     * (found = loaded + rejected + skipped: a rejected row is accounted for by its dead letter, which parity checks too)
     * waits for extruder-verify; one that timed out or does not add up un-ticks it.
     */
    static void ingested(HubSettings settings, boolean complete, List<BatchLedger.Batch> batches, CommandOutput output) {
        BatchTotals totals = BatchTotals.of(batches);
        boolean clean = complete && totals.addsUp();
        Object reports = output.files().get("reports");
        String report = reports instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(l.size() - 1)) : null;
        Checklist checklist = Checklist.of(settings);
        checklist.update(state -> {
            Map<String, Object> facts = state.facts(state.active);
            facts.put("ingest_clean", clean);
            facts.put("ingest_report", report);
            facts.put("ingest_totals", totals.toMap());
            if (!clean) {
                String item = Checklist.item(state.active, "ingestion");
                checklist.mark(state, state.active, item, false, "extruder-ingest", report == null ? null : Path.of(report),
                        complete ? "found != loaded + rejected + skipped" : "extruder-ingest timed out before every file was read");
            }
        });
    }

    /**
     * extruder-verify's verdict: exit 0 after a clean ingest ticks ingestion (production-ingestion on production, and
     * post-cutover once dual-write is on there); exit 1 un-ticks them.
     */
    static void verified(HubSettings settings, int exit, Path report) {
        Checklist checklist = Checklist.of(settings);
        checklist.update(state -> {
            String target = state.active;
            String item = Checklist.item(target, "ingestion");
            boolean ingestClean = Boolean.TRUE.equals(state.facts(target).get("ingest_clean"));
            if (exit != ExitCodes.CLEAN) {
                checklist.mark(state, target, item, false, "extruder-verify", report, "extruder-verify exit 1: a log and the database differ");
                if (state.items(target).get("post-cutover").done()) {
                    checklist.mark(state, target, "post-cutover", false, "extruder-verify", report, "parity lost after the cut-over");
                }
                return;
            }
            if (ingestClean) {
                Object totals = state.facts(target).get("ingest_totals");
                checklist.mark(state, target, item, true, "extruder-verify", report,
                        "every log ingested, found = loaded + rejected + skipped " + totals + ", parity exit 0");
            }
            if (target.equals("production") && state.items(target).get("dual-write").done()
                    && state.items(target).get("production-ingestion").done()) {
                checklist.mark(state, target, "post-cutover", true, "extruder-verify", report,
                        "parity after the cut-over with dual-write on");
            }
        });
    }
}
