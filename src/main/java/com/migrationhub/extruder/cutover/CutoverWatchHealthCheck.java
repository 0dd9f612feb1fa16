package com.migrationhub.extruder.cutover;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The watch after the cut-over on {@code /observe/health} ({@code ?data=true} for the details), readiness only:
 * {@code extruder:database} (connections, standby lag, free disk; down while the database does not answer) and
 * {@code extruder:controller-errors} (the controller's error events since the cut-over; always up: they are the
 * controller's to settle, the alert rules in docs/OPERATIONS.md call the engineer).
 */
public final class CutoverWatchHealthCheck extends AbstractHealthCheck {

    private final CutoverWatch watch;
    private final boolean database;

    private CutoverWatchHealthCheck(String id, CutoverWatch watch, boolean database) {
        super("extruder", id);
        this.watch = watch;
        this.database = database;
    }

    public static CutoverWatchHealthCheck database(CutoverWatch watch) {
        return new CutoverWatchHealthCheck("extruder:database", watch, true);
    }

    public static CutoverWatchHealthCheck controllerErrors(CutoverWatch watch) {
        return new CutoverWatchHealthCheck("extruder:controller-errors", watch, false);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CutoverWatch.Reading r = watch.reading();
        builder.detail("read_at", r.at().toString());
        if (database) {
            database(builder, r);
        } else {
            controllerErrors(builder, r);
        }
    }

    private static void database(HealthCheckResultBuilder builder, CutoverWatch.Reading r) {
        builder.detail("engine", r.engine());
        if (r.engine().equals("sqlite")) {
            builder.detail("connections", "not applicable: SQLite is a file, not a server");
            builder.detail("standbys", "not applicable: SQLite");
        } else {
            builder.detail("connections_in_use", text(r.connectionsInUse()));
            builder.detail("max_connections", text(r.maxConnections()));
            builder.detail("superuser_reserved_connections", text(r.reservedConnections()));
            builder.detail("standbys", r.standbys().size());
            builder.detail("standby_replay_lag_seconds", r.standbys().isEmpty() ? "none: no standby"
                    : r.standbys().stream().map(s -> s.get("application_name") + " " + (s.get("replay_lag_seconds") == null
                    ? "unknown" : s.get("replay_lag_seconds")) + " (" + s.get("state") + ")").collect(Collectors.joining(", ")));
        }
        builder.detail("free_bytes_home", text(r.freeBytes().get("home")));
        builder.detail("free_bytes_database", r.freeBytes().containsKey("database") ? text(r.freeBytes().get("database"))
                : "not visible to the hub: the database server's disk");
        Instant now = Instant.now();
        if (r.failure() != null) {
            builder.message(r.failure()).down();
        } else if (CutoverWatch.stalled(r, now)) {
            builder.message("the extruder database has not answered for " + Duration.between(r.at(), now).toSeconds() + " s").down();
        } else {
            builder.up();
        }
    }

    private static void controllerErrors(HealthCheckResultBuilder builder, CutoverWatch.Reading r) {
        if (r.cutoverAt() == null) {
            builder.detail("since", "no cut-over yet: counted from the checklist's dual-write tick or ./hub cutover db-writes on");
        } else {
            builder.detail("since", r.cutoverAt().toString());
            builder.detail("since_source", r.cutoverSource());
            builder.detail("error_events", r.controllerErrors() == null ? "unknown: " + r.failure() : r.controllerErrors().toString());
            Map<String, Object> latest = r.latestError();
            if (latest != null) {
                builder.detail("latest_error", latest.get("recorded_at") + " " + latest.get("level") + " " + latest.get("component")
                        + ": " + latest.get("event"));
            }
        }
        builder.up();
    }

    private static String text(Long n) {
        return n == null ? "unknown" : n.toString();
    }
}
