package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.cli.CommandRun;
import com.migrationhub.core.Json;
import com.migrationhub.extruder.GeneratedLog;
import com.migrationhub.extruder.cutover.Checklist;
import com.migrationhub.testing.PostgresSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch after the cut-over with the extruder database on the machine's PostgreSQL: connections in use against
 * max_connections, the standbys (none here), the server's disk not visible, and the controller's error events counted
 * from production's dual-write tick, which the live tailer makes once production is the active target.
 */
class CutoverWatchOnPostgresTest {

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("cutover_watch");

    @TempDir
    Path home;

    private OpsHubRig hub;
    private Path live;

    @BeforeEach
    void start() throws Exception {
        live = Files.createDirectories(home.resolve("controller/logs"));
        // the service and the cut-over commands read the same home's settings, as an operator's shell and the service do
        Files.writeString(home.resolve("hub.properties"), String.join("\n", "hub.extruder.db.url=" + postgres.url(),
                "hub.extruder.live-dir=" + live, "hub.extruder.live-poll-ms=200", "hub.extruder.timezone=UTC") + "\n");
        hub = new OpsHubRig(home, "s3cret", List.of("extruder", "ops"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void connectionsAgainstTheMaximumNoStandbyAndTheControllersErrorsSinceProductionsDualWrite() throws Exception {
        long maxConnections;
        try (Connection c = DriverManager.getConnection(postgres.url()); ResultSet rs = c.createStatement().executeQuery("SHOW max_connections")) {
            rs.next();
            maxConnections = Long.parseLong(rs.getString(1));
        }
        JsonNode database = check(health(), "extruder:database");
        assertThat(database.get("status").asText()).isEqualTo("UP");
        assertThat(database.at("/data/engine").asText()).isEqualTo("postgresql");
        assertThat(database.at("/data/max_connections").asLong()).isEqualTo(maxConnections);
        assertThat(database.at("/data/connections_in_use").asLong()).as("the hub's own pool at least").isBetween(1L, maxConnections);
        assertThat(database.at("/data/standbys").asInt()).isZero();
        assertThat(database.at("/data/standby_replay_lag_seconds").asText()).isEqualTo("none: no standby");
        assertThat(database.at("/data/free_bytes_home").asLong()).isPositive();
        assertThat(database.at("/data/free_bytes_database").asText()).startsWith("not visible to the hub");
        assertThat(check(health(), "extruder:controller-errors").at("/data/since").asText()).startsWith("no cut-over yet");
        String metrics = hub.get("/observe/metrics").body();
        assertThat(gauge(metrics, "hub_extruder_db_connections{state=\"max\"}")).isEqualTo(maxConnections);
        assertThat(gauge(metrics, "hub_extruder_db_connections{state=\"in_use\"}")).isBetween(1.0, (double) maxConnections);
        assertThat(gauge(metrics, "hub_extruder_db_up")).isEqualTo(1.0);
        assertThat(metrics).contains("hub_extruder_db_standby_lag_seconds NaN").contains("hub_disk_free_bytes{where=\"database\"} NaN")
                .contains("hub_extruder_controller_errors_since_cutover NaN");

        // production is the active target; the live tailer's first block with writes on ticks its dual-write: the cut-over
        CommandRun check = CommandRun.inHome(home, "cutover", "check", "--target", "production", "--only", "db.reachable");
        assertThat(check.exitCode()).as(check.stdout()).isZero();
        assertThat(check.stdout()).contains("postgresql");
        GeneratedLog.write(live, "run_20261208_020000.csv", 20);
        Checklist checklist = Checklist.of(hub.services().settings());
        await().atMost(Duration.ofSeconds(30)).until(() -> checklist.isDone("production", "dual-write"));
        Instant cutover = Instant.parse(checklist.read().items("production").get("dual-write").at());

        Instant after = Instant.now().plusSeconds(1);
        String events = String.join("\n", event("ERROR", "heater_fault", Instant.parse("2025-12-01T18:31:00Z")),
                event("WARN", "data_missing", after), event("ERROR", "sensor_timeout", after),
                event("CRITICAL", "motor_overload", after.plusSeconds(1))) + "\n";
        Path file = Files.writeString(home.resolve("events.tmp"), events);
        Files.move(file, home.resolve("inbox/extruder/events/logger_2026-12-08.jsonl"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode errors = check(health(), "extruder:controller-errors");
            assertThat(errors.at("/data/error_events").asText()).isEqualTo("2");
            assertThat(errors.at("/data/since").asText()).isEqualTo(cutover.toString());
            assertThat(errors.at("/data/since_source").asText()).startsWith("checklist: production dual-write, the live tailer on ");
            assertThat(errors.at("/data/latest_error").asText()).contains("CRITICAL logger: motor_overload");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String now = hub.get("/observe/metrics").body();
            assertThat(gauge(now, "hub_extruder_controller_errors_since_cutover")).isEqualTo(2.0);
            assertThat(gauge(now, "hub_extruder_cutover_timestamp_seconds")).isCloseTo(cutover.toEpochMilli() / 1000.0,
                    org.assertj.core.data.Offset.offset(0.001));
        });
    }

    private static String event(String level, String event, Instant at) {
        return Json.write(Map.of("level", level, "component", "logger", "event", event, "context", Map.of(),
                "timestamp", at.toEpochMilli() / 1000.0));
    }

    private JsonNode health() throws Exception {
        return Json.mapper().readTree(hub.get("/observe/health?data=true").body());
    }

    static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }

    /** A sample's value in Prometheus text: the line {@code <series> <value>}. */
    static double gauge(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no " + series + " in the metrics");
        }
        return Double.parseDouble(m.group(1));
    }
}
