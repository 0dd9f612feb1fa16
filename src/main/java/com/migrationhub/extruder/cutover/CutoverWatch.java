package com.migrationhub.extruder.cutover;

import com.migrationhub.core.Database;
import com.migrationhub.core.HubMetrics;
import com.migrationhub.extruder.EventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The watch after the cut-over (docs/CUTOVER.md): the extruder database — connections in use against the maximum, the
 * standbys' replay lag, free disk where the hub can see it — and the controller's error events since the cut-over, for
 * {@code /observe/health} and {@code /observe/metrics}. Both are polled, so one reading serves them for {@link #FRESH};
 * it is taken on the watch's own thread, so a database that does not answer is reported as such, never waited for
 * (the pool would hold a probe for its 30 s connection timeout).
 */
public final class CutoverWatch implements HubMetrics.ExtruderWatch, AutoCloseable {

    /** How long a reading serves health probes and scrapes. */
    public static final Duration FRESH = Duration.ofSeconds(5);
    /** A reading this much older than {@link #FRESH} means the database has stopped answering. */
    public static final Duration STALLED = Duration.ofSeconds(15);
    /** The first probe waits this long for the first reading. */
    private static final Duration FIRST = Duration.ofSeconds(5);

    /**
     * What the watch saw at {@code at}. Numbers that do not apply (a maximum of connections on SQLite, a lag without
     * standbys, errors before any cut-over) are null; {@code failure} says why the database part could not be read.
     */
    public record Reading(Instant at, String engine, Long connectionsInUse, Long maxConnections, Long reservedConnections,
                          List<Map<String, Object>> standbys, Map<String, Long> freeBytes, Instant cutoverAt, String cutoverSource,
                          Long controllerErrors, Map<String, Object> latestError, String failure) {

        /** The greatest replay lag among the standbys, in seconds; null without standbys or before one reports it. */
        public Double maxReplayLagSeconds() {
            return standbys.stream().map(s -> s.get("replay_lag_seconds")).filter(Number.class::isInstance)
                    .map(n -> ((Number) n).doubleValue()).max(Double::compare).orElse(null);
        }
    }

    /** When the database became the controller's store, and what says so. */
    record Since(Instant at, String source) {
    }

    private final Database db;
    private final EventStore events;
    private final Checklist checklist;
    private final Path lever;
    private final Path home;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "extruder-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile Reading last;
    private Future<?> reading;

    public CutoverWatch(Database db, EventStore events, Checklist checklist, Path lever, Path home) {
        this.db = db;
        this.events = events;
        this.checklist = checklist;
        this.lever = lever;
        this.home = home;
    }

    /** The latest reading, a new one started in the background when it is older than {@link #FRESH}. */
    public Reading reading() {
        Reading r = last;
        if (r == null || r.at().plus(FRESH).isBefore(Instant.now())) {
            Future<?> next = readAgain();
            if (r == null) {
                try {
                    next.get(FIRST.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // reported below as not read yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r = last;
            }
        }
        return r != null ? r : new Reading(Instant.EPOCH, engine(), null, null, null, List.of(), Map.of(), null, null, null, null,
                "the extruder database has not answered yet");
    }

    /** The database stopped answering: the last reading is older than {@link #FRESH} + {@link #STALLED}. */
    public static boolean stalled(Reading r, Instant now) {
        return r.at().plus(FRESH).plus(STALLED).isBefore(now);
    }

    private synchronized Future<?> readAgain() {
        if (reading == null || reading.isDone()) {
            reading = reader.submit(() -> last = read());
        }
        return reading;
    }

    private String engine() {
        return db.isPostgres() ? "postgresql" : db.isSqlite() ? "sqlite" : "other";
    }

    /** One reading: the disks always, the database and the controller's errors when the database answers. */
    Reading read() {
        Instant now = Instant.now();
        Map<String, Long> free = new LinkedHashMap<>();
        free.put("home", freeBytes(home));
        if (db.sqliteFile() != null) {
            free.put("database", freeBytes(db.sqliteFile()));
        }
        Since since = since(checklist.read(), lever);
        try {
            Map<String, Object> connections = db.isPostgres() ? db.withConnection(c -> Database.rows(c, "SELECT (SELECT count(*) "
                    + "FROM pg_stat_activity WHERE backend_type = 'client backend') AS in_use, current_setting('max_connections')::int "
                    + "AS max_connections, current_setting('superuser_reserved_connections')::int AS reserved, "
                    + "pg_is_in_recovery() AS in_recovery").get(0)) : Map.of();
            List<Map<String, Object>> standbys = db.isPostgres() && !Boolean.TRUE.equals(connections.get("in_recovery"))
                    ? db.withConnection(PostgresChecks::standbys) : List.of();
            EventStore.ErrorEvents errors = since == null ? null : events.errorsSince(since.at());
            return new Reading(now, engine(), number(connections.get("in_use")), number(connections.get("max_connections")),
                    number(connections.get("reserved")), standbys, free, since == null ? null : since.at(),
                    since == null ? null : since.source(), errors == null ? null : errors.count(),
                    errors == null ? null : errors.latest(), null);
        } catch (RuntimeException e) {
            return new Reading(now, engine(), null, null, null, List.of(), free, since == null ? null : since.at(),
                    since == null ? null : since.source(), null, null, "the extruder database did not answer: " + Database.rootMessage(e));
        }
    }

    /**
     * The cut-over: production's dual-write tick (its database became the controller's store), else the active
     * target's (a rehearsal), else the moment the lever was set on; null before any of them.
     */
    static Since since(Checklist.State state, Path lever) {
        List<String> targets = new ArrayList<>(List.of(Target.PRODUCTION.label()));
        if (!targets.contains(state.active)) {
            targets.add(state.active);
        }
        for (String target : targets) {
            Checklist.Item dualWrite = state.items(target).get("dual-write");
            if (dualWrite.done() && dualWrite.at() != null) {
                return new Since(Instant.parse(dualWrite.at()), "checklist: " + target + " dual-write, " + dualWrite.by());
            }
        }
        try {
            if (Files.isRegularFile(lever) && Files.readString(lever, StandardCharsets.UTF_8).strip().equalsIgnoreCase("on")) {
                return new Since(Files.getLastModifiedTime(lever).toInstant(), "cutover db-writes on");
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static Long freeBytes(Path path) {
        try {
            return HomeChecks.free(path);
        } catch (IOException e) {
            return null;
        }
    }

    private static Long number(Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }

    // ------------------------------------------------------------------------------------- HubMetrics.ExtruderWatch

    private static double orNaN(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }

    @Override
    public double databaseUp() {
        Reading r = reading();
        return r.failure() == null && !stalled(r, Instant.now()) ? 1 : 0;
    }

    @Override
    public double connectionsInUse() {
        return orNaN(reading().connectionsInUse());
    }

    @Override
    public double maxConnections() {
        return orNaN(reading().maxConnections());
    }

    @Override
    public double standbyReplayLagSeconds() {
        return orNaN(reading().maxReplayLagSeconds());
    }

    @Override
    public double freeBytes(String where) {
        return orNaN(reading().freeBytes().get(where));
    }

    @Override
    public double controllerErrorsSinceCutover() {
        return orNaN(reading().controllerErrors());
    }

    @Override
    public double cutoverTime() {
        Instant at = reading().cutoverAt();
        return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
