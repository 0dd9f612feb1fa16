package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.cli.CommandRun;
import com.migrationhub.core.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/cutover} (the console's Cut-over page) and the watch after the cut-over on {@code /observe/health}
 * and {@code /observe/metrics}, on a hub booted as {@code ./hub run} with the extruder database on SQLite; the
 * cut-over commands run in the same home as an operator runs them beside the service.
 */
class CutoverApiTest {

    static final List<String> CHECK_IDS = List.of("db.reachable", "db.version", "db.privileges", "db.schema", "disk.home",
            "disk.db", "pg.wal", "pg.wal-retention", "pg.replication", "logs.inventory", "logs.estimate", "config.present",
            "clock.timezone", "inbox.writable", "live-dir.readable", "db-writes.flag");

    @TempDir
    Path home;

    private OpsHubRig hub;

    @BeforeEach
    void start() {
        hub = new OpsHubRig(home, "s3cret", List.of("extruder", "ops"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void theChecklistPerTargetTheNewestChecksAndTheLeverWithItsSource() throws Exception {
        JsonNode before = hub.getJson("/api/cutover");
        assertThat(before.get("active_target").asText()).isEqualTo("staging");
        for (String target : List.of("staging", "production")) {
            JsonNode t = before.at("/targets/" + target);
            assertThat(ids(t.get("checklist"))).containsExactly("prechecks", "schema", "ingestion", "dual-write", "backup",
                    "production-schema", "production-ingestion", "post-cutover");
            assertThat(t.get("checklist").findValues("done")).allMatch(d -> !d.asBoolean());
            assertThat(t.get("last_check").isNull()).isTrue();
        }
        assertThat(before.at("/db_writes/on").asBoolean()).isTrue();
        assertThat(before.at("/db_writes/source").asText()).isEqualTo("hub.extruder.db-writes");

        Path logs = Files.createDirectories(home.resolve("controller/logs"));
        Files.copy(Path.of("samples/extruder/logs/run_20251201_183000.csv"), logs.resolve("run_20251201_183000.csv"));
        CommandRun older = CommandRun.inHome(home, "cutover", "check", "--target", "production", "--logs", logs.toString(),
                "--only", "db.reachable");
        assertThat(older.exitCode()).as(older.stdout()).isZero();
        CommandRun check = CommandRun.inHome(home, "cutover", "check", "--target", "staging", "--logs", logs.toString(),
                "--skip", "logs.estimate");
        assertThat(check.exitCode()).as(check.stdout()).isZero();
        assertThat(CommandRun.inHome(home, "cutover", "db-writes", "off").exitCode()).isZero();

        HttpResponse<String> answer = hub.get("/api/cutover");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode after = Json.mapper().readTree(answer.body());
        assertThat(after.get("active_target").asText()).isEqualTo("staging");
        JsonNode staging = after.at("/targets/staging");
        JsonNode last = staging.get("last_check");
        assertThat(last.get("target").asText()).isEqualTo("staging");
        assertThat(last.get("report").asText()).matches("outbox/reports/cutover_check_staging_\\d{8}T\\d{6}Z\\.json");
        assertThat(ids(last.get("checks"))).containsExactlyElementsOf(CHECK_IDS);
        for (JsonNode c : last.get("checks")) {
            JsonNode fromCommand = byId(check.json().get("checks"), c.get("id").asText());
            assertThat(c.get("status").asText()).as(c.get("id").asText()).isEqualTo(fromCommand.get("status").asText());
            assertThat(c.has("evidence") && c.has("fix")).isTrue();
        }
        assertThat(byId(last.get("checks"), "logs.estimate").at("/evidence/reason").asText()).startsWith("not selected");
        assertThat(byId(last.get("checks"), "db.schema").get("status").asText()).isEqualTo("pass");
        // the service migrated the database, so the check ticked schema; prechecks waits for a check that ran everything
        JsonNode schema = byId(staging.get("checklist"), "schema");
        assertThat(schema.get("done").asBoolean()).isTrue();
        assertThat(schema.get("by").asText()).startsWith("cutover check on ");
        assertThat(schema.get("evidence").asText()).isEqualTo(last.get("report").asText());
        assertThat(byId(staging.get("checklist"), "prechecks").get("done").asBoolean()).isFalse();
        // production's own newest report, not staging's
        assertThat(after.at("/targets/production/last_check/target").asText()).isEqualTo("production");
        assertThat(ids(after.at("/targets/production/last_check/checks"))).containsExactlyElementsOf(CHECK_IDS);
        assertThat(after.at("/db_writes/on").asBoolean()).isFalse();
        assertThat(after.at("/db_writes/source").asText()).isEqualTo("data/cutover/db-writes");

        // the one HTTP layer's guard: a page reaching the hub under another site's name reads nothing
        OpsHubRig.Answer rebound = hub.send("GET", "/api/cutover", Map.of("Host", "rebind.example:8080"), null);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).doesNotContain("checklist");
    }

    @Test
    void theWatchReportsTheSqliteDatabaseAndCountsTheControllersErrorsSinceTheCutover() throws Exception {
        JsonNode health = health();
        JsonNode database = check(health, "extruder:database");
        assertThat(database.get("status").asText()).isEqualTo("UP");
        assertThat(database.at("/data/engine").asText()).isEqualTo("sqlite");
        assertThat(database.at("/data/connections").asText()).startsWith("not applicable");
        assertThat(database.at("/data/free_bytes_home").asLong()).isPositive();
        assertThat(database.at("/data/free_bytes_database").asLong()).isPositive();
        assertThat(check(health, "extruder:controller-errors").at("/data/since").asText()).startsWith("no cut-over yet");
        String metrics = hub.get("/observe/metrics").body();
        assertThat(metrics).contains("hub_extruder_controller_errors_since_cutover NaN").contains("hub_extruder_db_up 1.0")
                .contains("hub_extruder_db_connections{state=\"max\"} NaN")
                .containsPattern("hub_disk_free_bytes\\{where=\"home\"} [0-9.E]+\\n")
                .containsPattern("hub_disk_free_bytes\\{where=\"database\"} [0-9.E]+\\n");

        // the lever set on is the cut-over here (no dual-write tick yet); events before it, or below ERROR, do not count
        assertThat(CommandRun.inHome(home, "cutover", "db-writes", "on").exitCode()).isZero();
        Instant now = Instant.now().plusSeconds(1);
        List<String> lines = new ArrayList<>();
        lines.add("[LOG] Started recording to logs/run_20251201_183000.csv");
        lines.add(event("ERROR", "heater_fault", Instant.parse("2025-12-01T18:31:00Z")));
        lines.add(event("WARN", "data_missing", now));
        lines.add(event("ERROR", "sensor_timeout", now));
        lines.add(event("CRITICAL", "motor_overload", now.plusSeconds(1)));
        Path file = home.resolve("events.tmp");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Files.move(file, home.resolve("inbox/extruder/events/logger_2026-12-08.jsonl"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode errors = check(health(), "extruder:controller-errors");
            assertThat(errors.at("/data/error_events").asText()).isEqualTo("2");
            assertThat(errors.at("/data/since_source").asText()).isEqualTo("cutover db-writes on");
            assertThat(errors.at("/data/latest_error").asText()).contains("CRITICAL").contains("motor_overload");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.get("/observe/metrics").body()).contains("hub_extruder_controller_errors_since_cutover 2.0")
                        .containsPattern("hub_extruder_cutover_timestamp_seconds 1\\.[0-9]+E9"));
    }

    private static String event(String level, String event, Instant at) {
        return Json.write(Map.of("level", level, "component", "logger", "event", event, "context", Map.of(),
                "timestamp", at.toEpochMilli() / 1000.0));
    }

    private JsonNode health() throws Exception {
        return Json.mapper().readTree(hub.get("/observe/health?data=true").body());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + id + " in " + list);
    }
}
