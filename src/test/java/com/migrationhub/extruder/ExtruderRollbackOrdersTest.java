package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.cli.CommandRun;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every extruder batch of the shipped samples (configuration snapshots, logs, logger events, alarms) rolled back in
 * forward, reverse, middle-out and shuffled order, each on a fresh home, through {@code ./hub rollback --json}: each step rolls back or
 * refuses with a reason (never an error), and after each the extruder database holds together — foreign keys, no
 * orphans, the rollup, every derived link — and no row of a rolled-back batch is left. Refused batches are tried again
 * until nothing moves: in the end every batch is rolled back and the database is empty.
 */
class ExtruderRollbackOrdersTest {

    private static final List<String> CONFIGS = List.of("config_2025-11-26.json", "config_2025-12-02.json",
            "config_2025-12-05.json", "config_2025-12-06_bad.json");
    private static final List<String> LOGS = List.of("run_20251122_211642.csv", "run_20251122_211646.csv",
            "run_20251128_235800.csv", "run_20251201_183000.csv");
    private static final List<String> TABLES = List.of("config_profiles", "config_applied_events", "runs", "run_samples",
            "run_sample_blocks", "logger_events", "alarms");

    @TempDir
    Path temp;

    /** Where the extruder database is: SQLite in the home here, PostgreSQL in the subclass. */
    protected java.util.Map<String, String> databaseSettings() {
        return java.util.Map.of();
    }

    /** The hub on a fresh home; its database settings written to the home too, so {@code ./hub rollback} finds them. */
    private ExtruderHttpRig hub(Path home, String... routeFiles) throws Exception {
        java.nio.file.Files.createDirectories(home);
        StringBuilder properties = new StringBuilder();
        databaseSettings().forEach((k, v) -> properties.append(k).append(" = ").append(v).append('\n'));
        java.nio.file.Files.writeString(home.resolve("hub.properties"), properties);
        return new ExtruderHttpRig(home, databaseSettings(), routeFiles.length == 0 ? List.of("extruder") : List.of(routeFiles));
    }

    private static List<BatchLedger.Batch> finished(ExtruderHttpRig hub) {
        return hub.services().ledger().recent("extruder", 100).stream().filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
    }

    /** Every sample, as a user drops them: configuration first, then the logs, then events and alarms. */
    private static List<Long> loadAllSamples(ExtruderHttpRig hub) throws Exception {
        for (String c : CONFIGS) {
            hub.drop("samples/extruder/config/" + c, "config", c);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> finished(hub).size() >= 4);
        for (String l : LOGS) {
            hub.drop("samples/extruder/logs/" + l, "logs", l);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> finished(hub).size() >= 8);
        hub.drop("samples/extruder/events/logger_2025-12-01.jsonl", "events", "logger_2025-12-01.jsonl");
        hub.drop("samples/extruder/events/alarms.json", "events", "alarms.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> finished(hub).size() >= 10);
        // the first snapshot applied again later (other bytes, same content): that batch builds on profile version 1
        byte[] first = ExtruderRollbackOrdersTest.class.getResourceAsStream("/samples/extruder/config/config_2025-11-26.json").readAllBytes();
        java.nio.file.Files.write(hub.inbox("config").resolve(".again.tmp"), (new String(first, java.nio.charset.StandardCharsets.UTF_8)
                + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Files.move(hub.inbox("config").resolve(".again.tmp"), hub.inbox("config").resolve("config_2025-12-07.json"));
        await().atMost(Duration.ofSeconds(30)).until(() -> finished(hub).size() >= 11);
        List<Long> ids = new ArrayList<>(finished(hub).stream().map(BatchLedger.Batch::id).toList());
        Collections.sort(ids);
        return ids;
    }

    @Test
    void forward() throws Exception {
        rollsBackEveryBatch("forward", ids -> ids);
    }

    @Test
    void reverse() throws Exception {
        rollsBackEveryBatch("reverse", ids -> {
            List<Long> r = new ArrayList<>(ids);
            Collections.reverse(r);
            return r;
        });
    }

    @Test
    void middleOut() throws Exception {
        // from the middle of the ledger outwards: logs before the events linked to them, configuration in between
        rollsBackEveryBatch("middle-out", ids -> {
            List<Long> out = new ArrayList<>();
            int mid = ids.size() / 2;
            for (int step = 0; out.size() < ids.size(); step++) {
                int i = mid + (step % 2 == 0 ? step / 2 : -(step + 1) / 2);
                if (i >= 0 && i < ids.size()) {
                    out.add(ids.get(i));
                }
            }
            return out;
        });
    }

    @Test
    void shuffled() throws Exception {
        rollsBackEveryBatch("shuffled", ids -> {
            List<Long> r = new ArrayList<>(ids);
            Collections.shuffle(r, new java.util.Random(21));
            return r;
        });
    }

    private void rollsBackEveryBatch(String name, java.util.function.UnaryOperator<List<Long>> order) throws Exception {
        Path home = temp.resolve(name);
        try (ExtruderHttpRig hub = hub(home)) {
            List<Long> ids = loadAllSamples(hub);
            List<Long> sequence = new ArrayList<>(order.apply(ids));
            for (Long id : ids) {
                if (!sequence.contains(id)) {
                    sequence.add(id);
                }
            }
            assertConsistent(hub, name + ", loaded");
            int rolledBack = 0;
            int refused = 0;
            // each pass tries what is left; refused batches go once what blocks them has gone
            for (int pass = 1; !sequence.isEmpty(); pass++) {
                assertThat(pass).as(name + ": a pass that rolled nothing back left " + sequence).isLessThanOrEqualTo(ids.size());
                List<Long> left = new ArrayList<>();
                for (long id : sequence) {
                    CommandRun run = CommandRun.of("rollback", "--batch", Long.toString(id), "--home", home.toString(), "--json");
                    String about = name + ", pass " + pass + ", batch " + id + ": " + run.stdout() + run.stderr();
                    JsonNode answer = run.json();
                    assertThat(answer.has("error")).as(about).isFalse();
                    String result = answer.path("result").asText();
                    if (result.equals("refused")) {
                        assertThat(run.exitCode()).as(about).isEqualTo(1);
                        assertThat(answer.path("reason").asText()).as(about).isNotBlank().contains("batch ");
                        left.add(id);
                        refused++;
                    } else {
                        assertThat(run.exitCode()).as(about).isZero();
                        assertThat(result).as(about).isIn("rolled back", "nothing to roll back");
                        rolledBack += result.equals("rolled back") ? 1 : 0;
                    }
                    assertConsistent(hub, about);
                }
                assertThat(left.size()).as(name + ": pass " + pass + " rolled nothing back of " + left).isLessThan(sequence.size());
                sequence = left;
            }
            for (String table : TABLES) {
                assertThat(scalar(hub.services().extruder().db(), "SELECT COUNT(*) FROM " + table)).as(name + ": " + table).isZero();
            }
            // a rejected file's dead letter stays (its original left the inbox); the rejected lines' go with their batch
            assertThat(hub.services().deadLetters().pending("extruder")).as(name + ": dead letters left")
                    .extracting(d -> d.sourceFile()).containsExactly("config_2025-12-06_bad.json");
            assertThat(finished(hub)).as(name).extracting(BatchLedger.Batch::status).containsOnly(BatchLedger.ROLLED_BACK);
            assertThat(rolledBack).as(name).isEqualTo(ids.size());
            if (name.equals("forward")) {
                assertThat(refused).as("forward: profile version 1, applied again by the last snapshot, waits for it").isEqualTo(1);
            }
        }
    }

    /**
     * The database after a step: foreign keys hold, no sample or block without its run, each run's count and profile
     * link as the samples and applied snapshots left say, the rollup agrees, and nothing of a rolled-back batch remains.
     */
    private static void assertConsistent(ExtruderHttpRig hub, String about) throws Exception {
        Database db = hub.services().extruder().db();
        if (!db.isPostgres()) { // PostgreSQL checks every foreign key as it writes
            try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as(about + ": foreign_key_check").isFalse();
            }
        }
        assertThat(scalar(db, "SELECT COUNT(*) FROM run_samples WHERE run_id NOT IN (SELECT id FROM runs)")).as(about).isZero();
        assertThat(scalar(db, "SELECT COUNT(*) FROM run_sample_blocks WHERE run_id NOT IN (SELECT id FROM runs)")).as(about).isZero();
        assertThat(scalar(db, "SELECT COUNT(*) FROM runs r WHERE sample_count <> (SELECT COUNT(*) FROM run_samples s "
                + "WHERE s.run_id = r.id)")).as(about + ": sample counts").isZero();
        assertThat(scalar(db, "SELECT COUNT(*) FROM runs WHERE COALESCE(config_profile_id, -1) <> COALESCE((SELECT e.profile_id "
                + "FROM config_applied_events e WHERE e.applied_at <= runs.started_at ORDER BY e.applied_at DESC, e.id DESC LIMIT 1), -1)"))
                .as(about + ": runs linked to the profile applied before their start").isZero();
        assertThat(scalar(db, "SELECT COUNT(*) FROM config_profiles p WHERE NOT EXISTS (SELECT 1 FROM config_applied_events e "
                + "WHERE e.profile_id = p.id)")).as(about + ": a profile version no snapshot applied").isZero();
        RollupCheck.assertAgreesWithSamples(db);
        Set<Long> gone = new java.util.HashSet<>(hub.services().ledger().recent("extruder", 100).stream()
                .filter(b -> BatchLedger.ROLLED_BACK.equals(b.status())).map(BatchLedger.Batch::id).toList());
        for (String table : TABLES) {
            if (!table.equals("run_sample_blocks")) {
                for (long batch : column(db, "SELECT DISTINCT batch_id FROM " + table + " WHERE batch_id IS NOT NULL")) {
                    assertThat(gone).as(about + ": " + table + " keeps rows of a rolled-back batch").doesNotContain(batch);
                }
            }
        }
        try (Connection c = hub.services().hubDb().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            assertThat(rs.next()).as(about + ": hub.db foreign_key_check").isFalse();
        }
    }

    /**
     * The two rollbacks that used to fail with SQLite's "FOREIGN KEY constraint failed": the demo's log whose run has
     * the sample logger events linked, and profile version 1 with runs linked to it. Through the HTTP API: 200, and the
     * answer says what was unlinked.
     */
    @Test
    void aLogWithLinkedEventsAndTheFirstProfileRollBackUnlinkingWhatPointedAtThem() throws Exception {
        try (ExtruderHttpRig hub = hub(temp.resolve("named"), "extruder", "ops")) {
            loadAllSamples(hub);
            Database db = hub.services().extruder().db();
            long run = hub.services().extruder().runs().find("run_20251201_183000.csv").id();
            assertThat(column(db, "SELECT DISTINCT run_id FROM logger_events")).containsExactly(run);
            long log = batchOf(hub, "run_20251201_183000.csv");
            JsonNode answer = post(hub, log, 200);
            assertThat(answer.path("result").asText()).isEqualTo("rolled back");
            assertThat(answer.path("removed").path("runs").asLong()).isEqualTo(1);
            assertThat(answer.path("unlinked").path("logger_events").asLong()).isEqualTo(5);
            assertThat(scalar(db, "SELECT COUNT(*) FROM logger_events WHERE run_id IS NULL")).isEqualTo(5);
            assertConsistent(hub, "log rolled back");

            // profile version 1: the run of 2025-11-28 was linked to it, and is linked to none now
            long v1 = batchOf(hub, "config_2025-11-26.json");
            assertThat(scalar(db, "SELECT COUNT(*) FROM runs r JOIN config_profiles p ON p.id = r.config_profile_id WHERE p.version = 1"))
                    .isEqualTo(1);
            long again = batchOf(hub, "config_2025-12-07.json");
            answer = post(hub, v1, 409); // a refusal is an error answer: {"error": the reason} (SPEC §8)
            assertThat(answer.path("error").asText()).isEqualTo("batch " + again + " (config_2025-12-07.json) applied profile "
                    + "version 1 this batch created: roll those back first");
            assertConsistent(hub, "profile v1 refused");
            assertThat(post(hub, again, 200).path("unlinked").isMissingNode()).as("nothing pointed at what it applied").isTrue();
            answer = post(hub, v1, 200);
            assertThat(answer.path("result").asText()).isEqualTo("rolled back");
            assertThat(answer.path("removed").path("config_profiles").asLong()).isEqualTo(1);
            assertThat(answer.path("unlinked").path("runs").asLong()).isEqualTo(1);
            assertThat(scalar(db, "SELECT COUNT(*) FROM runs WHERE config_profile_id IS NOT NULL")).isZero();
            assertConsistent(hub, "profile v1 rolled back");

            // the log again: the events are linked to its new run, and the run takes no profile (none applied before it)
            hub.drop("samples/extruder/logs/run_20251201_183000.csv", "logs", "run_20251201_183000.csv");
            await().atMost(Duration.ofSeconds(30)).until(() -> finished(hub).size() >= 12);
            long reloaded = hub.services().extruder().runs().find("run_20251201_183000.csv").id();
            assertThat(column(db, "SELECT DISTINCT run_id FROM logger_events")).containsExactly(reloaded);
            assertConsistent(hub, "log loaded again");
        }
    }

    /**
     * A database that fails under a rollback (here a trigger refusing the delete, as a broken or full disk would): exit 3,
     * one plain sentence naming the batch and the database, no SQLite text, and nothing of the batch changed.
     */
    @Test
    void aRollbackThatFailsInTheDatabaseIsExit3WithAPlainSentenceAndChangesNothing() throws Exception {
        Path home = temp.resolve("failing");
        try (ExtruderHttpRig hub = hub(home)) {
            hub.drop("samples/extruder/logs/run_20251128_235800.csv", "logs", "run_20251128_235800.csv");
            await().atMost(Duration.ofSeconds(30)).until(() -> finished(hub).size() >= 1);
            Database db = hub.services().extruder().db();
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER refuse_delete BEFORE DELETE ON run_samples BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
            }
            long batch = batchOf(hub, "run_20251128_235800.csv");
            CommandRun run = CommandRun.of("rollback", "--batch", Long.toString(batch), "--home", home.toString(), "--json");
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(3);
            assertThat(run.json().path("error").asText()).isEqualTo("the rollback of batch " + batch + " (extruder, "
                    + "run_20251128_235800.csv) failed in the extruder database; the step that failed was undone, logs/hub.log "
                    + "has the cause, and running the rollback again finishes it");
            assertThat(run.stderr()).doesNotContain("SQLITE").doesNotContain("Exception");
            assertThat(scalar(db, "SELECT COUNT(*) FROM run_samples")).isEqualTo(1200);
            assertThat(hub.services().ledger().find(batch).status()).isEqualTo(BatchLedger.DONE);
            assertConsistent(hub, "failed rollback");
        }
    }

    private static long batchOf(ExtruderHttpRig hub, String source) {
        return finished(hub).stream().filter(b -> b.source().equals(source)).findFirst().orElseThrow().id();
    }

    private static JsonNode post(ExtruderHttpRig hub, long batch, int status) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port
                        + "/api/batches/" + batch + "/rollback")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.mapper().readTree(r.body());
    }

    private static long scalar(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> column(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }
}
