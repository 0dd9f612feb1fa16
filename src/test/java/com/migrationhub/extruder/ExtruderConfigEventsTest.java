package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's configuration snapshots, logger events and alarms dropped beside its run logs, through the real
 * extruder routes into the extruder database, and read back through the runs API over HTTP.
 */
class ExtruderConfigEventsTest {

    @TempDir
    protected Path home;

    protected ExtruderHttpRig hub;


    /** The password hash in config_2025-12-05.json: it must be nowhere the hub writes. */
    private static final String HASH = "pbkdf2:sha256:600000$SAMPLEONLY$";


    /** Where the extruder database is: SQLite in the home here, PostgreSQL in the subclass. */
    protected Map<String, String> databaseSettings() {
        return Map.of();
    }

    @BeforeEach
    void start() {
        hub = new ExtruderHttpRig(home, databaseSettings());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private List<BatchLedger.Batch> finished() {
        return hub.services().ledger().recent("extruder", 100).stream().filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
    }

    private void awaitFinished(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> finished().size() >= n);
    }

    private List<Object> column(String sql) throws Exception {
        try (Connection c = hub.services().extruder().db().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Object> out = new java.util.ArrayList<>();
            while (rs.next()) {
                Object v = rs.getObject(1);
                // SQLite and PostgreSQL alike: PostgreSQL's timestamptz as the hub's ISO text, jsonb as compact JSON (V4)
                if (v instanceof java.sql.Timestamp t) {
                    v = com.migrationhub.core.Instants.iso(t.toInstant());
                } else if (v instanceof org.postgresql.util.PGobject json) {
                    v = com.migrationhub.core.Json.write(com.migrationhub.core.Json.mapper().readTree(json.getValue()));
                }
                out.add(v instanceof Number n && !(v instanceof Double) ? (Object) n.longValue() : v);
            }
            return out;
        }
    }

    private void dropAllSamples() throws Exception {
        for (String c : List.of("config_2025-11-26.json", "config_2025-12-02.json", "config_2025-12-05.json", "config_2025-12-06_bad.json")) {
            hub.drop("samples/extruder/config/" + c, "config", c);
        }
        awaitFinished(4);
        for (String l : List.of("run_20251122_211642.csv", "run_20251122_211646.csv", "run_20251128_235800.csv", "run_20251201_183000.csv")) {
            hub.drop("samples/extruder/logs/" + l, "logs", l);
        }
        awaitFinished(8);
        hub.drop("samples/extruder/events/logger_2025-12-01.jsonl", "events", "logger_2025-12-01.jsonl");
        hub.drop("samples/extruder/events/alarms.json", "events", "alarms.json");
        awaitFinished(10);
    }

    /** Events and alarms are not replayed one by one: the answer says how to load the fixed file, the reason stays. */
    private void assertReplayRefusedKeepingItsReason(DeadLetter letter) {
        com.migrationhub.core.ReplayOutcome outcome = hub.request("direct:extruder-replay", letter, com.migrationhub.core.ReplayOutcome.class);
        assertThat(outcome.loaded()).as(letter.toString()).isFalse();
        assertThat(outcome.reason()).startsWith(letter.reason()).contains("drop it into the events inbox again");
        assertThat(hub.services().deadLetters().find(letter.id()).reason()).isEqualTo(letter.reason());
    }

    @Test
    void aWholeCaptureRejectedIsNotReplayedThroughTheLogRoute() throws Exception {
        hub.drop("poison/extruder/events/logger_binary.jsonl", "events", "logger_2025-12-09.jsonl"); // a NUL byte: rejected whole
        awaitFinished(1);
        DeadLetter whole = hub.services().deadLetters().pending("extruder").stream()
                .filter(d -> d.sourceFile().equals("logger_2025-12-09.jsonl")).findFirst().orElseThrow();
        assertThat(whole.isFile()).isTrue();
        assertReplayRefusedKeepingItsReason(whole);
    }

    @Test
    void snapshotsBecomeVersionsRunsLinkEventsAndAlarmsLoad() throws Exception {
        dropAllSamples();

        // three versions; the bad snapshot rejected naming every violation
        assertThat(column("SELECT version FROM config_profiles WHERE profile_name = 'default' ORDER BY version")).containsExactly(1L, 2L, 3L);
        assertThat(column("SELECT source_file FROM config_profiles ORDER BY version"))
                .containsExactly("config_2025-11-26.json", "config_2025-12-02.json", "config_2025-12-05.json");
        DeadLetter bad = hub.services().deadLetters().pending("extruder").stream()
                .filter(d -> d.sourceFile().equals("config_2025-12-06_bad.json")).findFirst().orElseThrow();
        assertThat(bad.reason()).isEqualTo("invalid configuration: dm556.current_peak 9.5 outside 0.1–5.0; pwm.channels.fan 22 outside 0–15");
        assertThat(column("SELECT applied_at FROM config_applied_events ORDER BY id"))
                .containsExactly("2025-11-26T00:00:00.000Z", "2025-12-02T00:00:00.000Z", "2025-12-05T00:00:00.000Z");
        // the older sequence form and the current lists both load; unknown keys are kept
        assertThat((String) column("SELECT content_json FROM config_profiles WHERE version = 1").get(0)).contains("\"start_delay_feed\":2.0");
        assertThat((String) column("SELECT content_json FROM config_profiles WHERE version = 2").get(0)).contains("\"startup\":[");

        // each run linked to the profile in effect when it started (none before the first snapshot)
        assertThat(column("SELECT r.source_file || '=' || COALESCE(CAST(p.version AS TEXT), '-') FROM runs r LEFT JOIN config_profiles p "
                + "ON p.id = r.config_profile_id ORDER BY r.source_file")).containsExactly("run_20251122_211642.csv=-",
                "run_20251122_211646.csv=-", "run_20251128_235800.csv=1", "run_20251201_183000.csv=1");

        // logger events: 5 loaded and linked to the run they happened in, the half-written line rejected, [LOG] lines skipped
        BatchLedger.Batch events = finished().stream().filter(b -> b.source().equals("logger_2025-12-01.jsonl")).findFirst().orElseThrow();
        assertThat(List.of(events.found(), events.loaded(), events.rejected(), events.skipped())).containsExactly(8L, 5L, 1L, 2L);
        assertThat(column("SELECT event FROM logger_events ORDER BY recorded_at")).containsExactly("data_missing",
                "non_numeric_value", "data_logger_error", "buffer_overflow", "disk_full");
        long v3 = hub.services().extruder().runs().find("run_20251201_183000.csv").id();
        assertThat(column("SELECT DISTINCT run_id FROM logger_events")).containsExactly(v3);
        DeadLetter half = hub.services().deadLetters().pending("extruder").stream()
                .filter(d -> d.sourceFile().equals("logger_2025-12-01.jsonl")).findFirst().orElseThrow();
        assertThat(half.line()).isEqualTo(6L);
        assertThat(half.reason()).startsWith("half-written or malformed JSON line");
        // replayed, an event line is no run-log line: refused with how to load the fixed capture, its reason kept
        assertReplayRefusedKeepingItsReason(half);
        assertThat(column("SELECT context_json FROM logger_events WHERE event = 'data_missing'")).containsExactly("{\"missing_keys\":[\"t1\"]}");

        // alarms keyed by id; a later copy updates acknowledged/cleared, and an alarm that fell out of the capped file stays
        assertThat(column("SELECT COUNT(*) FROM alarms")).containsExactly(4L);
        String first = "2fc3f247-5f58-4e3c-ac3b-3a41766eb7da";
        assertThat(column("SELECT acknowledged FROM alarms WHERE alarm_id = '" + first + "'")).containsExactly(0L);
        JsonNode alarms = com.migrationhub.core.Json.mapper().readTree(getClass().getResourceAsStream("/samples/extruder/events/alarms.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) alarms.get(0)).put("acknowledged", true);
        ((com.fasterxml.jackson.databind.node.ArrayNode) alarms).remove(3);
        Files.writeString(hub.inbox("events").resolve(".alarms.json.tmp"), alarms.toString());
        Files.move(hub.inbox("events").resolve(".alarms.json.tmp"), hub.inbox("events").resolve("alarms.json"));
        awaitFinished(11);
        BatchLedger.Batch later = hub.services().ledger().recent("extruder", 1).get(0);
        assertThat(List.of(later.source(), later.found(), later.loaded(), later.skipped())).containsExactly("alarms.json", 3L, 1L, 2L);
        assertThat(column("SELECT acknowledged FROM alarms WHERE alarm_id = '" + first + "'")).containsExactly(1L);
        assertThat(column("SELECT COUNT(*) FROM alarms")).containsExactly(4L);

        // a snapshot that arrives late (applied 2025-12-01 12:00, before run_20251201_183000 started) re-links that run
        String late = new String(getClass().getResourceAsStream("/samples/extruder/config/config_2025-12-02.json").readAllBytes(),
                StandardCharsets.UTF_8).replaceFirst("\"kp\": 5.0", "\"kp\": 6.5");
        Files.writeString(hub.inbox("config").resolve(".late.tmp"), late);
        Files.move(hub.inbox("config").resolve(".late.tmp"), hub.inbox("config").resolve("config_2025-12-01_120000.json"));
        awaitFinished(12);
        assertThat(column("SELECT r.source_file || '=' || COALESCE(CAST(p.version AS TEXT), '-') FROM runs r LEFT JOIN config_profiles p "
                + "ON p.id = r.config_profile_id ORDER BY r.source_file")).containsExactly("run_20251122_211642.csv=-",
                "run_20251122_211646.csv=-", "run_20251128_235800.csv=1", "run_20251201_183000.csv=4");

        // the runs API reads the same
        JsonNode runs = hub.getJson("/api/extruder/runs?status=complete&limit=10");
        assertThat(runs.path("count").asInt()).isEqualTo(4);
        assertThat(runs.path("runs").get(0).path("log").asText()).isEqualTo("run_20251201_183000.csv");
        assertThat(runs.path("runs").get(0).path("profile").path("version").asInt()).isEqualTo(4);
        assertThat(runs.path("runs").get(0).path("sample_count").asLong()).isEqualTo(4000);
        assertThat(hub.getJson("/api/extruder/runs?from=2025-11-28&to=2025-11-29").path("count").asInt()).isEqualTo(1);
        JsonNode summary = hub.getJson("/api/extruder/runs/" + v3);
        assertThat(summary.path("columns").path("t1_feed").path("nulls").asLong()).isEqualTo(13);
        assertThat(summary.path("columns").path("t2_mid").path("max").asDouble()).isPositive();
        assertThat(summary.path("events")).hasSize(5);
        assertThat(summary.path("heater_limit").path("seconds_above").asDouble()).isZero();
        assertThat(summary.path("profile").path("version").asInt()).isEqualTo(4);
        JsonNode profiles = hub.getJson("/api/extruder/profiles").path("profiles");
        assertThat(profiles).hasSize(4);
        assertThat(profiles.get(3).path("changes").toString()).contains("\"path\":\"z1.kp\"").contains("\"old\":5.0").contains("\"new\":6.5");
        assertThat(profiles.get(1).path("changes").toString()).contains("extruder_sequence.start_delay_feed");
        assertThat(hub.getJson("/api/extruder/alarms?active=true").path("count").asInt()).isZero();
        assertThat(hub.getJson("/api/extruder/alarms").path("count").asInt()).isEqualTo(4);

        // bad parameters name themselves; unknown runs are 404; nothing leaks a class name
        for (String query : List.of("/api/extruder/runs?limit=0", "/api/extruder/runs?status=running", "/api/extruder/runs?from=yesterday",
                "/api/extruder/runs/abc", "/api/extruder/runs/" + v3 + "/samples?columns=t9_nope", "/api/extruder/runs/" + v3
                        + "/samples?max_points=1", "/api/extruder/alarms?active=maybe")) {
            java.net.http.HttpResponse<String> r = hub.get(query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).as(query).startsWith("{\"error\"").doesNotContain("Exception").doesNotContain("com.migrationhub");
        }
        // a parameter given twice has no one meaning: a 400 naming it (columns takes a comma-separated list)
        for (String name : List.of("columns", "max_points")) {
            java.net.http.HttpResponse<String> r = hub.get("/api/extruder/runs/" + v3 + "/samples?" + name + "=t1_feed&" + name + "=t2_mid");
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(Json.mapper().readTree(r.body()).path("error").asText()).as(name).startsWith(name + " is given more than once");
        }
        assertThat(hub.get("/api/extruder/runs?limit=1&limit=2").body()).contains("limit is given more than once");
        assertThat(hub.get("/api/extruder/runs/9999").statusCode()).isEqualTo(404);
        assertThat(hub.get("/api/extruder/runs/9999/samples").statusCode()).isEqualTo(404);
    }

    @Test
    void passwordHashesAreNeverWrittenAnywhere() throws Exception {
        dropAllSamples();
        hub.close();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(text).as(f.toString()).doesNotContain(HASH).doesNotContain("SAMPLEONLY");
            }
        }
        hub = new ExtruderHttpRig(home, databaseSettings());
        for (String table : List.of("config_profiles", "config_applied_events", "runs", "logger_events", "alarms")) {
            assertThat(column("SELECT COUNT(*) FROM " + table)).isNotEmpty();
        }
        assertThat(column("SELECT COUNT(*) FROM config_profiles WHERE CAST(content_json AS TEXT) LIKE '%SAMPLEONLY%' OR CAST(content_json AS TEXT) LIKE '%security%'"))
                .containsExactly(0L);
        try (Connection c = hub.services().hubDb().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE '%SAMPLEONLY%' OR reason LIKE '%SAMPLEONLY%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
