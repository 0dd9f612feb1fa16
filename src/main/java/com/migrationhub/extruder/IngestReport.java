package com.migrationhub.extruder;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code outbox/reports/extruder_ingest_<log-name>.json}: what became of a log's lines (found = loaded + rejected +
 * skipped), coerced cells per column, header version and time span. A live run's report is rewritten after every
 * block and a last time when the run completes.
 */
public final class IngestReport {

    private final Path reports;

    public IngestReport(Path reports) {
        this.reports = reports;
    }

    public static String fileName(String logName) {
        String stem = logName.endsWith(".csv") ? logName.substring(0, logName.length() - 4) : logName;
        return "extruder_ingest_" + AtomicFiles.safeName(stem) + ".json";
    }

    public Path write(LogIngest ingest, RunRecord run, String status, Map<String, Object> parity) {
        BatchRun batch = ingest.batch();
        IngestTally tally = ingest.tally();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("log", ingest.sourceFile());
        r.put("status", status);
        r.put("batch_id", batch.id());
        r.put("run_id", run == null ? null : run.id());
        r.put("header_version", ingest.format().version());
        r.put("db_writes", ingest.dbWrites());
        if (!ingest.dbWrites()) {
            r.put("note", "database writes off (hub.extruder.db-writes=false): lines read and counted as skipped, nothing "
                    + "written to the extruder database");
        }
        if (batch.isDuplicate()) {
            r.put("duplicate_of", batch.duplicateOf());
        }
        r.put("found", batch.found());
        r.put("loaded", batch.loaded());
        r.put("rejected", batch.rejected());
        r.put("skipped", batch.skipped());
        Map<String, Long> coerced = new LinkedHashMap<>();
        for (SampleColumn c : SampleColumn.values()) {
            if (ingest.format().cellOf(c) >= 0) {
                coerced.put(c.column(), tally.coerced(c));
            }
        }
        r.put("coerced_cells", coerced);
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("first", tally.firstMs() == null ? null : com.migrationhub.core.Instants.iso(tally.firstMs()));
        span.put("last", tally.lastMs() == null ? null : com.migrationhub.core.Instants.iso(tally.lastMs()));
        r.put("time_span", span);
        if (run != null) {
            Map<String, Object> stored = new LinkedHashMap<>();
            stored.put("sample_count", run.sampleCount());
            stored.put("started_at", run.startedAt());
            stored.put("ended_at", run.endedAt());
            stored.put("lines_done", run.linesDone());
            r.put("run", stored);
        }
        if (batch.rejected() > 0) {
            r.put("dead_letters", "outbox/dead-letter/extruder/" + com.migrationhub.core.AtomicFiles.safeName(ingest.sourceFile())
                    + ".rejected.csv");
        }
        if (parity != null) {
            r.put("parity", parity);
        }
        r.put("written", Instant.now().toString());
        return AtomicFiles.writeString(reports.resolve(fileName(ingest.sourceFile())), Json.pretty(r));
    }
}
