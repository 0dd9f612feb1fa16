package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.extruder.GeneratedLog;
import com.migrationhub.extruder.cutover.Checklist;
import com.migrationhub.testing.LocalPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hub cutover …} as the runbook drives it (SPEC §10): the keyed pre-checks on SQLite, on the machine's real
 * PostgreSQL (whose archive_mode is off) and against a database that is not there; the backup checked by
 * {@code sha256sum -c} and by verify-backup; and the checklist kept through a staging rehearsal.
 */
class CutoverCommandTest {

    static final List<String> IDS = List.of("db.reachable", "db.version", "db.privileges", "db.schema", "disk.home", "disk.db",
            "pg.wal", "pg.wal-retention", "pg.replication", "logs.inventory", "logs.estimate", "config.present",
            "clock.timezone", "inbox.writable", "live-dir.readable", "db-writes.flag");

    @TempDir
    Path home;

    final AnswerSchemas schemas = new AnswerSchemas();

    CommandRun hub(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString(), "--json"));
        return CommandRun.of(all.toArray(String[]::new));
    }

    /** The controller's folder: the sample logs and config snapshots, copied. */
    Path controller() throws IOException {
        Path to = home.resolve("controller");
        if (!Files.exists(to)) {
            AutomationContractTest.copy(Path.of("samples/extruder"), to);
        }
        return to;
    }

    void properties(String... lines) throws IOException {
        Files.writeString(home.resolve("hub.properties"), String.join("\n", lines) + "\n");
    }

    static JsonNode check(JsonNode answer, String id) {
        for (JsonNode c : answer.get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id);
    }

    @Test
    void onSqliteEveryCheckRunsInOrderWithItsEvidenceAndTheEstimateIsCalibratedOnTheLogs() throws Exception {
        properties("hub.extruder.timezone=UTC");
        Path logs = controller().resolve("logs");
        Files.writeString(logs.resolve("notes.txt"), "not a log");

        CommandRun run = hub("cutover", "check", "--logs", logs.toString(), "--config",
                controller().resolve("config/config_2025-12-05.json").toString());

        JsonNode a = schemas.check(run, "cutover check");
        assertThat(a.get("checks")).extracting(c -> c.get("id").asText()).containsExactlyElementsOf(IDS);
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(check(a, "db.reachable").get("status").asText()).isEqualTo("pass");
        // no database file yet: the first ingest applies the migrations
        assertThat(check(a, "db.schema").get("status").asText()).isEqualTo("warn");
        assertThat(check(a, "db.schema").at("/evidence/pending").asInt()).isPositive();
        assertThat(check(a, "pg.wal").get("status").asText()).isEqualTo("skipped");
        JsonNode inventory = check(a, "logs.inventory");
        assertThat(inventory.at("/evidence/files").asInt()).isEqualTo(4);
        assertThat(inventory.at("/evidence/header_versions").toString()).contains("\"v1\":2", "\"v2\":1", "\"v3\":1");
        assertThat(inventory.at("/evidence/rejected/0/name").asText()).isEqualTo("notes.txt");
        assertThat(inventory.get("status").asText()).isEqualTo("warn");
        JsonNode estimate = check(a, "logs.estimate").get("evidence");
        assertThat(estimate.get("seconds").asDouble()).isPositive();
        assertThat(estimate.get("rows").asLong()).isEqualTo(inventory.at("/evidence/estimated_rows").asLong()).isBetween(5000L, 6000L);
        assertThat(estimate.get("bytes").asLong()).isPositive();
        assertThat(estimate.get("formula").asText()).startsWith("seconds = startup");
        // the calibration ingested the real sample into a throw-away database, not this home's
        assertThat(estimate.at("/calibration/cold/rows").asLong()).isPositive();
        assertThat(home.resolve("data/extruder.db")).doesNotExist();
        assertThat(home.resolve("data")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".cutover"));
        assertThat(check(a, "config.present").at("/evidence/violations")).isEmpty();
        assertThat(check(a, "clock.timezone").get("status").asText()).isEqualTo("pass");
        assertThat(check(a, "disk.db").at("/evidence/growth_from").asText()).isEqualTo("logs.estimate");
        assertThat(a.get("reports")).extracting(JsonNode::asText).anySatisfy(r -> assertThat(r).matches(".*/cutover_check_staging_\\d{8}T\\d{6}Z\\.json"))
                .anySatisfy(r -> assertThat(r).endsWith(".md"));

        // the wrong zone: the v3 log's name and its first sample disagree by an hour
        properties("hub.extruder.timezone=Europe/Berlin");
        CommandRun berlin = hub("cutover", "check", "--logs", logs.toString(), "--only", "clock.timezone,logs.inventory");
        JsonNode b = schemas.check(berlin, "cutover check");
        assertThat(berlin.exitCode()).isEqualTo(1);
        assertThat(check(b, "clock.timezone").get("status").asText()).isEqualTo("fail");
        assertThat(check(b, "clock.timezone").at("/evidence/disagreeing/0/offset_minutes").asInt()).isEqualTo(60);
        assertThat(check(b, "db.reachable").at("/evidence/reason").asText()).contains("--only");

        // an unknown id is a usage error
        CommandRun unknown = hub("cutover", "check", "--only", "db.nothing");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(schemas.check(unknown, "cutover check").get("error").asText()).contains("db.nothing", "db.reachable");
    }

    @Test
    void onTheMachinesPostgresWithoutArchivingPgWalFailsProductionAndWarnsStaging() throws Exception {
        Assumptions.assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432");
        String url = LocalPostgres.freshSchemaUrl("cutover");
        try {
            properties("hub.extruder.timezone=UTC", "hub.extruder.db.url=" + url);
            Path logs = controller().resolve("logs");
            Path config = controller().resolve("config/config_2025-12-05.json");

            CommandRun staging = hub("cutover", "check", "--target", "staging", "--logs", logs.toString(), "--config", config.toString());

            JsonNode s = schemas.check(staging, "cutover check");
            assertThat(check(s, "pg.wal").get("status").asText()).isEqualTo("warn");
            assertThat(check(s, "pg.wal").at("/evidence/archive_mode").asText()).isEqualTo("off");
            assertThat(check(s, "pg.wal").at("/evidence/archiver").has("failed_count")).isTrue();
            assertThat(check(s, "pg.wal").get("fix").asText()).contains("archive_mode");
            assertThat(check(s, "db.version").at("/evidence/server_version_num").asInt()).isGreaterThanOrEqualTo(120000);
            assertThat(check(s, "db.privileges").get("status").asText()).isEqualTo("pass");
            assertThat(check(s, "db.schema").get("status").asText()).isEqualTo("warn");
            assertThat(check(s, "pg.wal-retention").at("/evidence/max_wal_size").asText()).isNotBlank();
            assertThat(check(s, "pg.replication").get("status").asText()).isEqualTo("pass");
            assertThat(check(s, "disk.db").get("status").asText()).isEqualTo("skipped");
            JsonNode estimate = check(s, "logs.estimate");
            assertThat(estimate.get("status").asText()).isEqualTo("pass");
            assertThat(estimate.at("/evidence/bytes").asLong()).isPositive();
            assertThat(staging.exitCode()).as(staging.stdout()).isZero();
            // the calibration's throw-away schema is gone
            try (Connection c = DriverManager.getConnection(LocalPostgres.BASE_URL)) {
                assertThat(com.migrationhub.core.Database.count(c,
                        "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'cutover_calibration_%'")).isZero();
            }

            CommandRun production = hub("cutover", "check", "--target", "production", "--logs", logs.toString(),
                    "--config", config.toString(), "--skip", "logs.estimate");
            JsonNode p = schemas.check(production, "cutover check");
            assertThat(check(p, "pg.wal").get("status").asText()).isEqualTo("fail");
            assertThat(production.exitCode()).isEqualTo(1);
            assertThat(p.get("reports").toString()).contains("cutover_check_production_");
        } finally {
            LocalPostgres.dropSchemaOf(url);
        }
    }

    @Test
    void anUnreachableDatabaseIsExit3WithDbReachableFailedAndEveryCheckNeedingItSkipped() throws Exception {
        properties("hub.extruder.timezone=UTC", "hub.extruder.db.url=jdbc:postgresql://127.0.0.1:1/test?user=postgres");

        CommandRun run = hub("cutover", "check", "--logs", controller().resolve("logs").toString());

        JsonNode a = schemas.check(run, "cutover check");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(check(a, "db.reachable").get("status").asText()).isEqualTo("fail");
        assertThat(check(a, "db.reachable").get("fix").asText()).contains("EXTRUDER_DB_URL");
        for (String id : List.of("db.version", "db.privileges", "db.schema", "pg.wal", "pg.wal-retention", "pg.replication", "logs.estimate")) {
            assertThat(check(a, id).get("status").asText()).as(id).isEqualTo("skipped");
            assertThat(check(a, id).at("/evidence/reason").asText()).as(id).contains("unreachable");
        }
        // the checks that do not need it still ran
        assertThat(check(a, "logs.inventory").get("status").asText()).isEqualTo("pass");
        assertThat(check(a, "inbox.writable").get("status").asText()).isEqualTo("pass");
    }

    @Test
    void aBackupOfTheSamplesPassesSha256sumAfterExtractionAndVerifyBackupCatchesOneFlippedByte() throws Exception {
        properties("hub.extruder.timezone=UTC");
        Path controller = controller();
        // a link out of the folder is never followed
        Path outside = Files.writeString(home.resolve("secret.txt"), "outside the logs folder");
        Files.createSymbolicLink(controller.resolve("logs/run_20990101_000000.csv"), outside);
        schemas.check(hub("extruder-ingest", "--dir", controller.toString()), "extruder-ingest");

        CommandRun backup = hub("cutover", "backup", "--logs", controller.resolve("logs").toString(),
                "--config", controller.resolve("config/config_2025-12-05.json").toString());

        JsonNode b = schemas.check(backup, "cutover backup");
        assertThat(backup.exitCode()).isZero();
        Path archive = Path.of(b.get("archive").asText());
        assertThat(archive.getParent()).isEqualTo(home.resolve("outbox/backups"));
        assertThat(archive.getFileName().toString()).matches("cutover_backup_\\d{8}T\\d{6}Z\\.tar\\.gz");
        assertThat(b.get("outputs").toString()).contains(archive.getFileName().toString());
        assertThat(b.get("database").asText()).contains("VACUUM INTO");
        assertThat(b.get("not_taken").toString()).contains("run_20990101_000000.csv");

        Path extracted = Files.createDirectories(home.resolve("extracted"));
        assertThat(exec(extracted, "tar", "xzf", archive.toString())).isZero();
        assertThat(extracted.resolve("logs/run_20251201_183000.csv")).hasSameBinaryContentAs(controller.resolve("logs/run_20251201_183000.csv"));
        assertThat(extracted.resolve("config/config_2025-12-05.json")).exists();
        assertThat(extracted.resolve("database/extruder.db")).exists();
        assertThat(extracted.resolve("logs/run_20990101_000000.csv")).doesNotExist();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(exec(extracted, out, "sha256sum", "-c", "MANIFEST.sha256")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("logs/run_20251201_183000.csv: OK", "database/extruder.db: OK")
                .doesNotContain("FAILED");
        // the SQLite copy is a database with the runs in it
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + extracted.resolve("database/extruder.db"))) {
            assertThat(com.migrationhub.core.Database.count(c, "SELECT count(*) FROM runs")).isPositive();
        }

        CommandRun verified = hub("cutover", "verify-backup", archive.toString());
        assertThat(schemas.check(verified, "cutover verify-backup").get("ok").asBoolean()).isTrue();
        assertThat(verified.exitCode()).isZero();

        // one byte flipped inside one log, the archive otherwise intact
        Path flipped = home.resolve("flipped.tar.gz");
        byte[] tar;
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(archive))) {
            tar = in.readAllBytes();
        }
        byte[] needle = Files.readAllBytes(controller.resolve("logs/run_20251128_235800.csv"));
        int at = indexOf(tar, java.util.Arrays.copyOfRange(needle, 0, 200));
        assertThat(at).isPositive();
        tar[at + 150] ^= 0x01;
        try (OutputStream gz = new GzipCompressorOutputStream(Files.newOutputStream(flipped))) {
            gz.write(tar);
        }
        CommandRun caught = hub("cutover", "verify-backup", flipped.toString());
        JsonNode c = schemas.check(caught, "cutover verify-backup");
        assertThat(caught.exitCode()).isEqualTo(1);
        assertThat(c.get("differ")).extracting(JsonNode::asText).containsExactly("logs/run_20251128_235800.csv");

        // a byte flipped in the compressed stream: the archive is damaged, and says so
        byte[] raw = Files.readAllBytes(archive);
        raw[raw.length / 2] ^= 0x40;
        Path damaged = Files.write(home.resolve("damaged.tar.gz"), raw);
        CommandRun broken = hub("cutover", "verify-backup", damaged.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(schemas.check(broken, "cutover verify-backup").get("ok").asBoolean()).isFalse();

        CommandRun missing = hub("cutover", "verify-backup", home.resolve("none.tar.gz").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        schemas.check(missing, "cutover verify-backup");
        CommandRun badConfig = hub("cutover", "backup", "--config", home.resolve("none.json").toString());
        assertThat(badConfig.exitCode()).isEqualTo(2);
        schemas.check(badConfig, "cutover backup");
    }

    @Test
    void onPostgresTheBackupHoldsAPgDumpOfTheConfiguredSchema() throws Exception {
        Assumptions.assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432");
        Assumptions.assumeTrue(new java.io.File("/usr/bin/pg_restore").canExecute(), "pg_restore to read the dump");
        String url = LocalPostgres.freshSchemaUrl("cutover");
        try {
            properties("hub.extruder.timezone=UTC", "hub.extruder.db.url=" + url);
            Path controller = controller();
            schemas.check(hub("extruder-ingest", "--dir", controller.toString()), "extruder-ingest");

            JsonNode b = schemas.check(hub("cutover", "backup", "--logs", controller.resolve("logs").toString()), "cutover backup");

            String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
            assertThat(b.get("database").asText()).isEqualTo("pg_dump -Fc -n " + schema);
            Path extracted = Files.createDirectories(home.resolve("extracted"));
            assertThat(exec(extracted, "tar", "xzf", b.get("archive").asText())).isZero();
            assertThat(exec(extracted, "sha256sum", "-c", "--quiet", "MANIFEST.sha256")).isZero();
            ByteArrayOutputStream listing = new ByteArrayOutputStream();
            assertThat(exec(extracted, listing, "pg_restore", "-l", "database/extruder.pgdump")).isZero();
            assertThat(listing.toString(StandardCharsets.UTF_8)).contains("TABLE DATA " + schema + " run_samples");
            assertThat(hub("cutover", "verify-backup", b.get("archive").asText()).exitCode()).isZero();
        } finally {
            LocalPostgres.dropSchemaOf(url);
        }
    }

    @Test
    void aStagingRehearsalTicksTheChecklistEndToEndAndALostSampleUnticksIngestion() throws Exception {
        Path live = Files.createDirectories(home.resolve("controller-live"));
        properties("hub.extruder.timezone=UTC", "hub.extruder.live-dir=" + live, "hub.extruder.live-poll-ms=200",
                "hub.extruder.run-idle=10m");
        Path controller = controller();
        Path logs = controller.resolve("logs");
        Files.copy(controller.resolve("config/config_2025-12-05.json"), live.resolve("config.json"));

        // 1. pre-checks (no database yet: the schema is not applied)
        assertThat(hub("cutover", "check", "--logs", logs.toString()).exitCode()).isZero();
        JsonNode s = schemas.check(hub("cutover", "status", "--target", "staging"), "cutover status");
        assertThat(item(s, "prechecks").get("done").asBoolean()).isTrue();
        assertThat(item(s, "prechecks").get("evidence").asText()).contains("cutover_check_staging_");
        assertThat(item(s, "schema").get("done").asBoolean()).isFalse();

        // 2. backup, verified
        JsonNode b = schemas.check(hub("cutover", "backup", "--logs", logs.toString()), "cutover backup");
        assertThat(hub("cutover", "verify-backup", b.get("archive").asText()).exitCode()).isZero();

        // 3. ingest and verify; the check now finds the schema applied
        // the bad config sample is rejected (exit 1), to its dead letter: the counts add up, the ingestion is complete
        JsonNode ingest = schemas.check(hub("extruder-ingest", "--dir", controller.toString()), "extruder-ingest");
        assertThat(ingest.get("exit_code").asInt()).isEqualTo(1);
        assertThat(ingest.at("/totals/rejected").asLong()).isPositive();
        assertThat(hub("cutover", "check", "--logs", logs.toString(), "--skip", "logs.estimate").exitCode()).isZero();
        s = schemas.check(hub("cutover", "status"), "cutover status");
        assertThat(item(s, "schema").get("done").asBoolean()).isTrue();
        assertThat(item(s, "ingestion").get("done").asBoolean()).as("not before extruder-verify").isFalse();
        JsonNode v = schemas.check(hub("extruder-verify"), "extruder-verify");
        assertThat(v.get("exit_code").asInt()).isZero();

        // 4. dual-write: the service tails the controller's folder; a live block stored with writes on ticks it
        HubSettings settings = HubSettings.load(home, Map.of(), Map.of());
        try (HubRuntime service = HubRuntime.start(settings, List.of("extruder"))) {
            GeneratedLog.write(live, "run_20251201_183000.csv".replace("183000", "190000"), 40);
            await().atMost(Duration.ofSeconds(20)).until(() -> Checklist.of(settings).isDone("staging", "dual-write"));
        }
        s = schemas.check(hub("cutover", "status"), "cutover status");
        for (String id : List.of("prechecks", "schema", "ingestion", "dual-write", "backup")) {
            assertThat(item(s, id).get("done").asBoolean()).as(id + " in " + s).isTrue();
            assertThat(item(s, id).get("at").asText()).isNotBlank();
            assertThat(item(s, id).get("by").asText()).isNotBlank();
        }
        assertThat(item(s, "ingestion").get("evidence").asText()).contains("extruder_parity_");
        assertThat(item(s, "backup").get("evidence").asText()).contains("cutover_backup_");
        assertThat(item(s, "dual-write").get("evidence").asText()).contains("extruder_ingest_run_20251201_190000");
        assertThat(item(s, "production-ingestion").get("done").asBoolean()).isFalse();

        // 5. a sample lost from the archive: extruder-verify fails and un-ticks ingestion
        JsonNode results = v.get("results");
        Path archived = Path.of(results.get(results.size() - 1).get("csv").asText());
        Files.delete(archived);
        CommandRun again = hub("extruder-verify");
        assertThat(again.exitCode()).isEqualTo(1);
        s = schemas.check(hub("cutover", "status", "--target", "staging"), "cutover status");
        assertThat(item(s, "ingestion").get("done").asBoolean()).isFalse();
        assertThat(item(s, "ingestion").get("note").asText()).contains("exit 1");

        // the lever: off un-ticks dual-write and is what the next check sees
        JsonNode off = schemas.check(hub("cutover", "db-writes", "off"), "cutover db-writes");
        assertThat(off.get("db_writes").asBoolean()).isFalse();
        assertThat(off.get("was").asBoolean()).isTrue();
        s = schemas.check(hub("cutover", "status"), "cutover status");
        assertThat(item(s, "dual-write").get("done").asBoolean()).isFalse();
        assertThat(s.get("db_writes").asBoolean()).isFalse();
        assertThat(check(hub("cutover", "check", "--only", "db-writes.flag").json(), "db-writes.flag").get("status").asText()).isEqualTo("warn");
        assertThat(hub("cutover", "db-writes", "maybe").exitCode()).isEqualTo(2);
        assertThat(schemas.check(hub("cutover", "status", "--target", "nowhere"), "cutover status").get("exit_code").asInt()).isEqualTo(2);
    }

    @Test
    void theLeverIsHonouredByARunningServiceWithinOnePoll() throws Exception {
        Path live = Files.createDirectories(home.resolve("controller-live"));
        properties("hub.extruder.timezone=UTC", "hub.extruder.live-dir=" + live, "hub.extruder.live-poll-ms=200",
                "hub.extruder.run-idle=10m", "hub.inbox.poll-ms=100", "hub.inbox.min-age-ms=200");
        HubSettings settings = HubSettings.load(home, Map.of(), Map.of());
        try (HubRuntime service = HubRuntime.start(settings, List.of("extruder"))) {
            var runs = service.services().extruder().runs();
            assertThat(hub("cutover", "db-writes", "off").exitCode()).isZero();
            // writes off: a live log is not tailed, a dropped log is read, archived and reported only
            Path log = GeneratedLog.write(live, "run_20251202_080000.csv", 20);
            Files.copy(Path.of("samples/extruder/logs/run_20251128_235800.csv"),
                    home.resolve("inbox/extruder/logs/run_20251128_235800.csv"));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(home.resolve("outbox/reports/extruder_ingest_run_20251128_235800.json")));
            assertThat(runs.find("run_20251128_235800.csv")).isNull();
            assertThat(runs.find(log.getFileName().toString())).isNull();
            assertThat(Files.readString(home.resolve("outbox/reports/extruder_ingest_run_20251128_235800.json"))).contains("\"db_writes\" : false");

            // on again: the next poll tails the live log into the database
            assertThat(hub("cutover", "db-writes", "on").exitCode()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.find(log.getFileName().toString()) != null
                    && runs.find(log.getFileName().toString()).sampleCount() == 20);
        }
    }

    static JsonNode item(JsonNode status, String id) {
        JsonNode targets = status.get("targets");
        JsonNode items = targets.has("staging") ? targets.get("staging") : targets.elements().next();
        for (JsonNode i : items) {
            if (i.get("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no item " + id + " in " + status);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static int exec(Path dir, String... command) throws Exception {
        return exec(dir, OutputStream.nullOutputStream(), command);
    }

    static int exec(Path dir, OutputStream out, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(out);
        return p.waitFor();
    }
}
