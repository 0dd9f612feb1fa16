package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration snapshots with password hashes planted at every depth, in arrays, in any case, with the key escaped,
 * in valid and in broken JSON, dropped through the real extruder routes: afterwards no file under the home (databases
 * and their write-ahead logs read as bytes, the log, reports, archive, dead letters) and no row of any table holds a
 * planted secret, and every snapshot is in exactly one place.
 */
class ConfigSecretsTest {

    /** In every planted secret: searched for as such, so a secret cut in half by a redaction is found too. */
    private static final String MARK = "S3CR3T";

    @TempDir
    Path home;

    private static String sample() throws Exception {
        return new String(ConfigSecretsTest.class.getResourceAsStream("/samples/extruder/config/config_2025-12-05.json")
                .readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The sample with {@code member} (a JSON member text) added to the object at {@code path} (a JSON pointer). */
    private static String planted(String pointer, String key, String valueJson) throws Exception {
        ObjectNode document = (ObjectNode) Json.mapper().readTree(sample());
        ObjectNode at = (ObjectNode) document.at(pointer);
        at.set("__planted__", Json.mapper().readTree(valueJson));
        // the key written as the test wants it (escaped, cased), not as Jackson would write it
        return Json.pretty(document).replace("\"__planted__\"", key);
    }

    private static Map<String, String> snapshots() throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        // valid JSON: redacted by structure, then loaded (or rejected by the rules, redacted all the same)
        s.put("config_2025-12-10.json", planted("/z1", "\"security\"", "{\"operator\": \"S3CR3T-nested\"}"));
        s.put("config_2025-12-11.json", planted("/extruder_sequence/startup/0", "\"security\"", "\"S3CR3T-in-array\""));
        s.put("config_2025-12-12.json", planted("", "\"Security\"", "{\"users\": {\"a\": \"S3CR3T-capital}\"}}"));
        s.put("config_2025-12-13.json", planted("/pwm/channels", "\"\\u0073ecurity\"", "[\"S3CR3T-escaped\", {\"b\": \"}{\"}]"));
        s.put("config_2025-12-14.json", planted("/dm556", "\"SECURITY\"", "{\"deep\": {\"deeper\": [\"S3CR3T-upper\"]}}"));
        s.put("config_2025-12-15.json", planted("/pins", "\"security\"", "12345").replace("12345", "\"S3CR3T-rejected\"")
                .replaceFirst("\"current_peak\"\\s*:\\s*3.2", "\"current_peak\": 9.5"));
        s.put("config_2025-12-16.json", "[{\"z1\": {\"kp\": 1}}, {\"security\": \"S3CR3T-top-array\"}]");
        s.put("config_2025-12-17.json", "{\"Security \": \"S3CR3T-spaced\", \"z1\": {\"kp\": 1.0}}");
        // not valid JSON: kept nowhere in readable form
        s.put("config_2025-12-20.json", sample().replace("\"enabled\": true,\n        \"users\"",
                "\"enabled\": true, \"note\": \"}\" \"S3CR3T-after-brace\",\n        \"users\""));
        s.put("config_2025-12-21.json", "{'security': {'operator': 'S3CR3T-single-quotes'}}");
        s.put("config_2025-12-22.json", "{\"z1\": {\"kp\": 5.0}, \"security\": S3CR3T-bare-token}");
        s.put("config_2025-12-23.json", "{\"\\u0073ecurity\": {\"operator\": \"S3CR3T-escaped-half\"");
        s.put("config_2025-12-24.json", sample().substring(0, sample().indexOf("$0000")) + "S3CR3T-cut-mid-hash");
        return s;
    }

    @Test
    void noPlantedSecretIsWrittenAnywhereTheHubWrites() throws Exception {
        Map<String, String> snapshots = snapshots();
        try (ExtruderHttpRig hub = new ExtruderHttpRig(home, Map.of())) {
            Path inbox = hub.inbox("config");
            Files.createDirectories(inbox);
            for (Map.Entry<String, String> s : snapshots.entrySet()) {
                Files.writeString(inbox.resolve(s.getKey() + ".tmp"), s.getValue());
                Files.move(inbox.resolve(s.getKey() + ".tmp"), inbox.resolve(s.getKey()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> hub.services().ledger().recent("extruder", 100).stream()
                    .filter(b -> !BatchLedger.RUNNING.equals(b.status())).count() == snapshots.size()
                    && isEmpty(inbox));
            // while the hub runs (write-ahead logs present), again after the replays below, and after it stopped
            assertNoSecretAnywhere(hub);

            // each snapshot in one place: a profile version (archived) or a dead letter
            List<BatchLedger.Batch> batches = hub.services().ledger().recent("extruder", 100);
            assertThat(batches).extracting(BatchLedger.Batch::source).containsExactlyInAnyOrderElementsOf(snapshots.keySet());
            for (BatchLedger.Batch b : batches) {
                boolean archived = find(home.resolve("outbox/archive/extruder"), b.source());
                boolean dead = hub.services().deadLetters().pending("extruder").stream().anyMatch(d -> d.sourceFile().equals(b.source()));
                assertThat(archived ^ dead).as(b.source() + " " + b.status() + " archived " + archived + " dead " + dead).isTrue();
                assertThat(b.status()).as(b.source()).isEqualTo(dead ? BatchLedger.REJECTED_FILE : BatchLedger.DONE);
            }
            assertThat(hub.services().deadLetters().pending("extruder")).extracting(d -> d.sourceFile()).containsExactlyInAnyOrder(
                    "config_2025-12-15.json", "config_2025-12-16.json", "config_2025-12-20.json", "config_2025-12-21.json",
                    "config_2025-12-22.json", "config_2025-12-23.json", "config_2025-12-24.json");
            // a broken snapshot's dead letter says where parsing stopped, never what it read there
            assertThat(hub.services().deadLetters().pending("extruder").stream()
                    .filter(d -> d.sourceFile().equals("config_2025-12-22.json")).findFirst().orElseThrow().reason())
                    .startsWith("not valid JSON").contains("line 1, column");
            // the five snapshots that differ from the sample only by a planted secret are its content: one version
            assertThat(hub.services().extruder().profiles().all()).hasSize(2);

            // replayed, a dead letter goes through the snapshot route again: the rules' reject fixed in its (redacted) copy
            // loads; a broken one stays a dead letter with its reason
            Path fixed = home.resolve("outbox/dead-letter/extruder/config/config_2025-12-15.json");
            Files.writeString(fixed, Files.readString(fixed).replaceFirst("\"current_peak\"\\s*:\\s*9.5", "\"current_peak\": 3.2"));
            for (String name : List.of("config_2025-12-15.json", "config_2025-12-22.json")) {
                long id = hub.services().deadLetters().pending("extruder").stream().filter(d -> d.sourceFile().equals(name))
                        .findFirst().orElseThrow().id();
                com.migrationhub.cli.CommandRun replay = com.migrationhub.cli.CommandRun.of("dead-letter", "replay", "--home",
                        home.toString(), "--flow", "extruder", "--id", Long.toString(id), "--json");
                assertThat(replay.exitCode()).as(name + replay.stdout() + replay.stderr()).isEqualTo(name.endsWith("15.json") ? 0 : 1);
            }
            assertThat(hub.services().deadLetters().pending("extruder")).extracting(d -> d.sourceFile())
                    .doesNotContain("config_2025-12-15.json").contains("config_2025-12-22.json");
            assertThat(hub.services().deadLetters().pending("extruder").stream().filter(d -> d.sourceFile().equals("config_2025-12-22.json"))
                    .findFirst().orElseThrow().reason()).startsWith("not valid JSON").contains("line 1, column");

            assertNoSecretAnywhere(hub);
        }
        assertNoSecretUnder(home);
    }

    @Test
    void aSnapshotOfAnyNameIsReplayedAsASnapshotBecauseOfTheInboxItCameFrom() throws Exception {
        try (ExtruderHttpRig hub = new ExtruderHttpRig(home, Map.of())) {
            Path inbox = hub.inbox("config");
            Files.createDirectories(inbox);
            String name = "backup-of-monday.json"; // not the controller's config_*.json
            Files.writeString(inbox.resolve(name + ".tmp"), snapshots().get("config_2025-12-15.json"));
            Files.move(inbox.resolve(name + ".tmp"), inbox.resolve(name));
            await().atMost(Duration.ofSeconds(60)).until(() -> !hub.services().deadLetters().pending("extruder").isEmpty());
            Path kept = home.resolve("outbox/dead-letter/extruder/config/" + name);
            assertThat(kept).exists();
            Files.writeString(kept, Files.readString(kept).replaceFirst("\"current_peak\"\\s*:\\s*9.5", "\"current_peak\": 3.2"));
            long id = hub.services().deadLetters().pending("extruder").get(0).id();
            com.migrationhub.cli.CommandRun replay = com.migrationhub.cli.CommandRun.of("dead-letter", "replay", "--home",
                    home.toString(), "--flow", "extruder", "--id", Long.toString(id), "--json");
            assertThat(replay.exitCode()).as(replay.stdout() + replay.stderr()).isZero();
            assertThat(hub.services().extruder().profiles().all()).hasSize(1);
            assertThat(hub.services().deadLetters().pending("extruder")).isEmpty();
        }
    }

    @Test
    void aSnapshotWhoseProcessingFailsUnexpectedlyIsDeadLetteredRedactedWithAReasonThatQuotesNothing() throws Exception {
        try (ExtruderHttpRig hub = new ExtruderHttpRig(home, Map.of())) {
            // the database refuses the new profile: a fault the snapshot route does not expect (the poison rule's case)
            try (Connection c = hub.services().extruder().db().connection(); Statement st = c.createStatement()) {
                st.execute("CREATE TRIGGER refuse_profiles BEFORE INSERT ON config_profiles BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END");
            }
            Path inbox = hub.inbox("config");
            Files.createDirectories(inbox);
            String name = "config_2025-12-10.json";
            Files.writeString(inbox.resolve(name + ".tmp"), snapshots().get(name));
            Files.move(inbox.resolve(name + ".tmp"), inbox.resolve(name));
            await().atMost(Duration.ofSeconds(60)).until(() -> !hub.services().deadLetters().pending("extruder").isEmpty()
                    && isEmpty(inbox));
            BatchLedger.Batch batch = hub.services().ledger().recent("extruder", 10).get(0);
            assertThat(batch.status()).isEqualTo(BatchLedger.FAILED);
            var letter = hub.services().deadLetters().pending("extruder").get(0);
            assertThat(letter.reason()).startsWith("processing failed: ").doesNotContain("disk refused");
            // the dead letter is the redacted document, not the original's bytes
            String kept = Files.readString(Path.of(letter.payload()));
            assertThat(Json.mapper().readTree(kept).has("z1")).isTrue();
            assertNoSecretInFiles(home);
            assertNoSecretInTables(hub.services().hubDb());
            assertNoSecretInTables(hub.services().extruder().db());
        }
        assertThat(assertNoSecretInFiles(home)).anySatisfy(f -> assertThat(f.toString()).endsWith("hub.log"))
                .anySatisfy(f -> assertThat(f.toString()).contains("dead-letter"));
    }

    private void assertNoSecretAnywhere(ExtruderHttpRig hub) throws Exception {
        assertNoSecretUnder(home);
        assertNoSecretInTables(hub.services().hubDb());
        assertNoSecretInTables(hub.services().extruder().db());
    }

    private static boolean isEmpty(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    private static boolean find(Path folder, String name) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().equals(name));
        }
    }

    private static void assertNoSecretUnder(Path home) throws Exception {
        List<Path> searched = assertNoSecretInFiles(home);
        assertThat(searched).as("the databases, the log, the archive and the dead letters were searched").anySatisfy(
                f -> assertThat(f.toString()).endsWith("extruder.db")).anySatisfy(f -> assertThat(f.toString()).endsWith("hub.log"))
                .anySatisfy(f -> assertThat(f.toString()).startsWith("outbox/archive")).anySatisfy(f -> assertThat(f.toString()).contains("dead-letter"));
    }

    /** Every file under the home read as bytes; returns those searched. */
    private static List<Path> assertNoSecretInFiles(Path home) throws Exception {
        List<Path> searched = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain(MARK).doesNotContain("SAMPLEONLY");
                searched.add(home.relativize(f));
            }
        }
        return searched;
    }

    private static void assertNoSecretInTables(Database db) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).isNotEmpty();
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            String v = rs.getString(i);
                            assertThat(v == null ? "" : v).as(table).doesNotContain(MARK).doesNotContain("SAMPLEONLY");
                        }
                    }
                }
            }
        }
    }
}
