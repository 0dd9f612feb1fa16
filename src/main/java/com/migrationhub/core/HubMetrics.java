package com.migrationhub.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every hub metric on {@code /observe/metrics}, registered here and nowhere else (docs/OPERATIONS.md lists them).
 * Rows, files and batch durations are counted when {@link BatchLedger} closes a batch, with the counts it writes,
 * so they cannot disagree with the ledger; the dead-letter backlog is read from the {@code dead_letters} table at
 * each scrape. Camel's own meters (routes, exchanges) share the registry: it is bound as Camel's
 * {@code metricsRegistry}.
 */
public final class HubMetrics {

    /** The ledger source of a live material sync run (MaterialSync opens its batch with this prefix). */
    public static final String MATERIAL_SYNC_SOURCE = "sync-materials ";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Instant> lastMaterialSync = new AtomicReference<>();

    public HubMetrics(DeadLetters deadLetters, BatchLedger ledger) {
        for (String flow : Flow.ids()) {
            Gauge.builder("hub.dead.letters.waiting", deadLetters, d -> backlogOf(d, flow))
                    .description("Dead letters waiting for a replay (rows, documents and whole files)")
                    .tag("flow", flow).register(registry);
            for (String outcome : new String[] {"loaded", "rejected", "skipped"}) {
                rows(flow, outcome);
            }
        }
        lastMaterialSync.set(ledger.lastDone(Flow.INNERGY.id(), MATERIAL_SYNC_SOURCE));
        Gauge.builder("hub.material.sync.last.success", lastMaterialSync,
                        at -> at.get() == null ? Double.NaN : at.get().toEpochMilli() / 1000.0)
                .description("When the last material sync that wrote to INNERGY finished (Unix time; NaN: none on record)")
                .baseUnit("timestamp_seconds").register(registry);
        retries();
        extruderParityMismatches();
        for (String change : EXTRUDER_LOG_CHANGES) {
            extruderLogChanges(change);
        }
        ledger.reportTo(this);
    }

    private Counter retries() {
        return Counter.builder("hub.innergy.retries").description("INNERGY API calls redelivered after a transient failure")
                .register(registry);
    }

    /** How a live extruder log can stop being the file the hub was reading (docs/EXTRUDER.md). */
    private static final String[] EXTRUDER_LOG_CHANGES = {"truncated", "replaced", "renamed", "abandoned"};

    private Counter extruderParityMismatches() {
        return Counter.builder("hub.extruder.parity.mismatch")
                .description("Live extruder runs whose log and stored samples differed when they completed").register(registry);
    }

    private Counter extruderLogChanges(String change) {
        return Counter.builder("hub.extruder.live.log.changes")
                .description("Live extruder logs that stopped being the file the hub was reading: truncated, replaced, "
                        + "renamed (followed), abandoned (vanished)")
                .tag("change", change).register(registry);
    }

    /** A live extruder run completed with a parity mismatch. */
    public void extruderParityMismatch() {
        extruderParityMismatches().increment();
    }

    /** A live extruder log was truncated, replaced, renamed or vanished under the hub. */
    public void extruderLogChanged(String change) {
        extruderLogChanges(change).increment();
    }

    /**
     * What the watch after the extruder cut-over reads (docs/CUTOVER.md), each answer NaN where it does not apply: a
     * maximum of connections on SQLite, a lag without standbys, errors before any cut-over.
     */
    public interface ExtruderWatch {
        /** 1 while the database answers the watch, 0 when its last reading failed or is long overdue. */
        double databaseUp();

        double connectionsInUse();

        double maxConnections();

        /** The greatest replay lag among the database's standbys. */
        double standbyReplayLagSeconds();

        /** Free bytes on the file system of {@code home} or of the SQLite {@code database}. */
        double freeBytes(String where);

        double controllerErrorsSinceCutover();

        /** When the cut-over happened (Unix time). */
        double cutoverTime();
    }

    /** Gauges of the extruder database and controller after the cut-over, asked at each scrape (the watch caches). */
    public void watchExtruder(ExtruderWatch watch) {
        Gauge.builder("hub.extruder.db.up", watch, ExtruderWatch::databaseUp)
                .description("1 while the extruder database answers, 0 when it does not (the cause: extruder:database on /observe/health)")
                .strongReference(true).register(registry);
        for (String state : new String[] {"in_use", "max"}) {
            Gauge.builder("hub.extruder.db.connections", watch, w -> state.equals("max") ? w.maxConnections() : w.connectionsInUse())
                    .description("Connections to the extruder database's server: in use (client backends) and max_connections "
                            + "(NaN on SQLite)").tag("state", state).strongReference(true).register(registry);
        }
        Gauge.builder("hub.extruder.db.standby.lag", watch, ExtruderWatch::standbyReplayLagSeconds)
                .description("The greatest replay lag among the extruder database's standbys (NaN: none, or SQLite)")
                .baseUnit("seconds").strongReference(true).register(registry);
        for (String where : new String[] {"home", "database"}) {
            Gauge.builder("hub.disk.free", watch, w -> w.freeBytes(where))
                    .description("Free bytes where the hub can see them: the home's file system, the SQLite extruder database's "
                            + "(NaN on PostgreSQL: the server's disk)").tag("where", where).baseUnit("bytes")
                    .strongReference(true).register(registry);
        }
        Gauge.builder("hub.extruder.controller.errors.since.cutover", watch, ExtruderWatch::controllerErrorsSinceCutover)
                .description("The controller's logger events at ERROR or CRITICAL recorded since the cut-over (NaN: no cut-over yet)")
                .strongReference(true).register(registry);
        Gauge.builder("hub.extruder.cutover", watch, ExtruderWatch::cutoverTime)
                .description("When the extruder cut-over happened: the checklist's dual-write tick, else db-writes on (Unix time; NaN: not yet)")
                .baseUnit("timestamp_seconds").strongReference(true).register(registry);
    }

    private static double backlogOf(DeadLetters deadLetters, String flow) {
        Map<String, Long> backlog = deadLetters.backlog();
        return backlog.getOrDefault(flow, 0L);
    }

    /** The registry Camel scrapes for /observe/metrics. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text, as /observe/metrics serves it. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter rows(String flow, String outcome) {
        return Counter.builder("hub.rows").description("Rows (records, documents) by flow and where they ended")
                .tag("flow", flow).tag("outcome", outcome).register(registry);
    }

    /** A batch the ledger has just closed with these counts. */
    void batchClosed(BatchRun run, String status, Instant finished) {
        rows(run.flow(), "loaded").increment(run.loaded());
        rows(run.flow(), "rejected").increment(run.rejected());
        rows(run.flow(), "skipped").increment(run.skipped());
        Counter.builder("hub.files").description("Batches closed (a file, or a command run) by flow and outcome")
                .tag("flow", run.flow()).tag("outcome", status).register(registry).increment();
        Timer.builder("hub.batch.duration").description("How long a batch took, from taking its file to closing it")
                .tag("flow", run.flow()).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(2))
                .register(registry).record(Duration.between(run.started(), finished).toNanos(), TimeUnit.NANOSECONDS);
        if (BatchLedger.DONE.equals(status) && Flow.INNERGY.id().equals(run.flow())
                && run.source().startsWith(MATERIAL_SYNC_SOURCE)) {
            lastMaterialSync.set(finished);
        }
    }

    /**
     * One INNERGY call as it finished: its HTTP status ({@code 0} when no answer came: a timeout, a dropped
     * connection) and how many times Camel's error handler redelivered it.
     */
    public void innergyRequest(int status, int retries) {
        Counter.builder("hub.innergy.requests").description("INNERGY API calls by their final HTTP status (0: no answer)")
                .tag("status", Integer.toString(status)).register(registry).increment();
        retries().increment(retries);
    }
}
