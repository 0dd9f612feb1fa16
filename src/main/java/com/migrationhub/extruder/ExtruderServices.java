package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.migrationhub.core.CloseableExecutor;
import com.migrationhub.core.Database;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import com.migrationhub.extruder.cutover.CutoverWatch;
import com.migrationhub.extruder.cutover.CutoverWatchHealthCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.BiConsumer;
import org.apache.camel.util.TimeUtils;

/** The extruder flow's beans, wired from the shared core; the extruder database is its own ({@code hub.extruder.db.url}). */
public final class ExtruderServices {

    private final Database db;
    private final RunStore runs;
    private final RunIngests ingests;
    private final LogReader reader;
    private final RunLogs logs;
    private final LiveRunLogs live;
    private final ParityCheck parity;
    private final ParityReport parityReport;
    private final RunSampleLoader loader;
    private final ExtruderRollback rollback;
    private final RunSampleTranslator translator = new RunSampleTranslator();
    private final EventStore events;
    private final ConfigProfiles profiles;
    private final ConfigSnapshots configSnapshots;
    private final ControllerEvents controllerEvents;
    private final SampleReplay replay;
    private final java.util.Map<String, com.migrationhub.core.InboxSweep> sweeps;
    private final DbWritesFlag dbWrites;
    private final CutoverWatch watch;

    public ExtruderServices(HubCore hub) {
        HubSettings s = hub.settings();
        this.db = hub.closeWithHub(Database.open("extruder", untypedStrings(s.get("hub.extruder.db.url"))));
        this.runs = new RunStore(db);
        ZoneId zone = zone(s.get("hub.extruder.timezone", ""));
        this.dbWrites = DbWritesFlag.of(s);
        this.ingests = new RunIngests(runs, hub.ledger(), hub.deadLetters(), zone, dbWrites);
        this.reader = new LogReader(s.getInt("hub.extruder.chunk-size", 5000));
        IngestReport report = new IngestReport(hub.home().reports());
        this.events = new EventStore(db);
        this.profiles = new ConfigProfiles(db);
        boolean originalsLeave = s.getBoolean("hub.extruder.delete-originals", true);
        this.configSnapshots = new ConfigSnapshots(profiles, new ConfigRules(), hub.ledger(), hub.deadLetters(),
                hub.fileDeadLetters(), hub.archive(), zone, s.get("hub.extruder.profile-name", "default"),
                s.get("hub.extruder.applied-by", "file-drop"), dbWrites, originalsLeave);
        this.controllerEvents = new ControllerEvents(events, hub.ledger(), hub.deadLetters(), hub.fileDeadLetters(),
                hub.archive(), hub.home(), dbWrites, originalsLeave);
        this.logs = new RunLogs(ingests, runs, events, hub.ledger(), hub.deadLetters(), hub.fileDeadLetters(), hub.archive(), report, reader,
                originalsLeave);
        // links and folders in any of the three inboxes become dead letters before each poll (never followed)
        this.sweeps = new java.util.LinkedHashMap<>();
        for (String inbox : java.util.List.of("logs", "config", "events")) {
            // a snapshot that fails unexpectedly is dead-lettered as its redacted rendering, never with its password hashes
            sweeps.put(inbox, hub.inboxSweep(Flow.EXTRUDER.id(), com.migrationhub.core.DeadLetter.FILE,
                    s.path("hub.extruder." + inbox + "-dir"), false, originalsLeave,
                    "config".equals(inbox) ? configSnapshots : null));
        }
        this.parity = new ParityCheck(runs, hub.deadLetters(), zone);
        this.parityReport = new ParityReport(hub.home().reports());
        String liveDir = s.get("hub.extruder.live-dir", "");
        Duration idle = Duration.ofMillis(TimeUtils.toMilliSeconds(s.get("hub.extruder.run-idle", "10m")));
        this.live = new LiveRunLogs(liveDir.isBlank() ? null : Path.of(liveDir), idle, ingests, runs, events, hub.ledger(),
                hub.archive(), report, parity, hub.metrics());
        live.onBlockStored(new com.migrationhub.extruder.cutover.DualWriteProof(
                com.migrationhub.extruder.cutover.Checklist.of(s), dbWrites, hub.home().reports()));
        // one writer thread, at most two chunks waiting for it: reading and translating go on beside the writes
        java.util.concurrent.ThreadPoolExecutor writer = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
                java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(2), r -> {
                    Thread t = new Thread(r, "extruder-writer");
                    t.setDaemon(true);
                    return t;
                }, (task, pool) -> {
                    try {
                        pool.getQueue().put(task); // a full queue makes the reader wait, in order
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.RejectedExecutionException("interrupted", e);
                    }
                });
        hub.closeWithHub(new CloseableExecutor(writer));
        this.loader = new RunSampleLoader(runs, hub.deadLetters(), hub.home(), writer);
        this.replay = new SampleReplay(runs, hub.ledger(), hub.deadLetters(), translator, zone);
        this.rollback = new ExtruderRollback(db, hub.hubDb(), hub.ledger(), hub.deadLetters());
        // the watch after the cut-over: health checks and gauges share its cached reading
        this.watch = hub.closeWithHub(new CutoverWatch(db, events,
                com.migrationhub.extruder.cutover.Checklist.of(s), DbWritesFlag.fileOf(s), hub.home().root()));
        hub.metrics().watchExtruder(watch);
    }

    /**
     * On PostgreSQL, string parameters go untyped ({@code stringtype=unspecified}): the server reads the hub's ISO text
     * into timestamptz and JSON text into jsonb columns (V4) the way SQLite stores them as they are, so the statements
     * stay the same on both engines.
     */
    static String untypedStrings(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql:") || url.contains("stringtype=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "stringtype=unspecified";
    }

    /** {@code hub.extruder.timezone}: the controller's zone, the machine's when unset. */
    static ZoneId zone(String id) {
        try {
            return id == null || id.isBlank() ? ZoneId.systemDefault() : ZoneId.of(id.strip());
        } catch (java.time.DateTimeException e) {
            throw new com.migrationhub.core.HubConfigurationException("hub.extruder.timezone: unknown time zone '" + id + "'");
        }
    }

    public Database db() { return db; }
    public RunStore runs() { return runs; }
    public ParityCheck parity() { return parity; }
    public ParityReport parityReport() { return parityReport; }
    public ExtruderRollback rollback() { return rollback; }
    public ConfigProfiles profiles() { return profiles; }
    public EventStore events() { return events; }
    public DbWritesFlag dbWrites() { return dbWrites; }

    public void bindAll(BiConsumer<String, Object> bind) {
        bind.accept("runLogs", logs);
        bind.accept("extruderInboxSweep", sweeps.get("logs"));
        bind.accept("extruderConfigSweep", sweeps.get("config"));
        bind.accept("extruderEventsSweep", sweeps.get("events"));
        bind.accept("liveRunLogs", live);
        // readiness is down while a live run's samples and its log disagree (a parity mismatch at completion)
        bind.accept("extruderParityHealthCheck", new com.migrationhub.core.AttentionHealthCheck("extruder-parity", live::attention));
        bind.accept("logReader", reader);
        bind.accept("runSampleTranslator", translator);
        bind.accept("sampleReplay", replay);
        bind.accept("configSnapshots", configSnapshots);
        bind.accept("controllerEvents", controllerEvents);
        bind.accept("runsApi", new RunsApi(db, profiles));
        bind.accept("runSampleLoader", loader);
        bind.accept("dbWritesHealthCheck", new DbWritesHealthCheck(dbWrites));
        bind.accept("extruderDatabaseHealthCheck", CutoverWatchHealthCheck.database(watch));
        bind.accept("extruderControllerErrorsHealthCheck", CutoverWatchHealthCheck.controllerErrors(watch));
    }
}
