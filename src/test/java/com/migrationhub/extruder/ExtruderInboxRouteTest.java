package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubTestSupport;
import com.migrationhub.cli.CommandRun;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run logs dropped into inbox/extruder/logs, through the real extruder routes, into a SQLite extruder.db. */
class ExtruderInboxRouteTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("extruder");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.extruder.timezone", "UTC", "hub.extruder.chunk-size", "1000");
    }

    private Path logsInbox() {
        return inbox("extruder").resolve("logs");
    }

    private List<BatchLedger.Batch> finished() {
        return services().ledger().recent("extruder", 100).stream().filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
    }

    private void awaitFinished(int batches) {
        // and the consumer has let go of the file: it deletes the original by name once the exchange completes
        await().atMost(Duration.ofSeconds(30)).until(() -> finished().size() >= batches
                && context.getInflightRepository().size("extruder-logs") == 0);
    }

    private RunStore runs() {
        return services().extruder().runs();
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = services().extruder().db().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = services().extruder().db().connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private JsonNode report(String log) throws Exception {
        return Json.mapper().readTree(outbox().resolve("reports").resolve(IngestReport.fileName(log)).toFile());
    }

    @Test
    void sampleLogsBecomeRunsWithEverySample() throws Exception {
        for (String log : List.of("run_20251122_211642.csv", "run_20251122_211646.csv", "run_20251128_235800.csv", "run_20251201_183000.csv")) {
            drop("samples/extruder/logs/" + log, logsInbox());
        }
        awaitFinished(4);

        assertThat(finished()).extracting(BatchLedger.Batch::source, BatchLedger.Batch::status, BatchLedger.Batch::found,
                        BatchLedger.Batch::loaded, BatchLedger.Batch::rejected, BatchLedger.Batch::skipped)
                .containsExactlyInAnyOrder(
                        tuple("run_20251122_211642.csv", "done", 0L, 0L, 0L, 0L),
                        tuple("run_20251122_211646.csv", "done", 266L, 266L, 0L, 0L),
                        tuple("run_20251128_235800.csv", "done", 1200L, 1200L, 0L, 0L),
                        tuple("run_20251201_183000.csv", "done", 4000L, 4000L, 0L, 0L));

        // every batch records the instance that ran it (hub.instance.id: host name and pid by default)
        assertThat(finished()).extracting(BatchLedger.Batch::instance).containsOnly(settings().get("hub.instance.id"));
        assertThat(settings().get("hub.instance.id")).endsWith(":" + ProcessHandle.current().pid());

        // header only: a run with 0 samples, started at its name's time
        RunRecord empty = runs().find("run_20251122_211642.csv");
        assertThat(empty.headerVersion()).isEqualTo(1);
        assertThat(empty.sampleCount()).isZero();
        assertThat(empty.status()).isEqualTo(RunRecord.COMPLETE);
        assertThat(empty.startedAt()).isEqualTo("2025-11-22T21:16:42.000Z");

        // v1: 266 samples from 21:16:46 on 2025-11-22 (the date from the name, the time from the line)
        RunRecord v1 = runs().find("run_20251122_211646.csv");
        assertThat(v1.sampleCount()).isEqualTo(266);
        assertThat(scalar("SELECT MIN(recorded_at) FROM run_samples WHERE run_id = " + v1.id()))
                .isEqualTo(Instant.parse("2025-11-22T21:16:46Z").toEpochMilli());
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v1.id() + " AND target_z1 IS NULL AND pwr_z2_pct IS NULL"))
                .as("v1 has no targets or heater power").isEqualTo(266);

        // v2 crossing midnight: lines after 00:00 are dated the next day
        RunRecord v2 = runs().find("run_20251128_235800.csv");
        assertThat(v2.headerVersion()).isEqualTo(2);
        // line 480 is 23:59:59.750 on the 28th, line 481 00:00:00.000 on the 29th, and the 720 lines after it too
        assertThat(scalar("SELECT recorded_at FROM run_samples WHERE run_id = " + v2.id() + " AND line = 480"))
                .isEqualTo(Instant.parse("2025-11-28T23:59:59.750Z").toEpochMilli());
        assertThat(scalar("SELECT recorded_at FROM run_samples WHERE run_id = " + v2.id() + " AND line = 481"))
                .isEqualTo(Instant.parse("2025-11-29T00:00:00Z").toEpochMilli());
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v2.id() + " AND recorded_at >= "
                + Instant.parse("2025-11-29T00:00:00Z").toEpochMilli())).isEqualTo(1201 - 480);
        assertThat(v2.endedAt()).isEqualTo("2025-11-29T00:03:00.000Z");
        assertThat(scalar("SELECT COUNT(*) FROM run_samples a JOIN run_samples b ON b.run_id = a.run_id AND b.line = a.line + 1 "
                + "WHERE a.run_id = " + v2.id() + " AND b.recorded_at < a.recorded_at")).as("time never runs backwards").isZero();

        // v3: NAN -> NULL counted per column, _PARTIAL -> base status + partial flag
        RunRecord v3 = runs().find("run_20251201_183000.csv");
        assertThat(v3.sampleCount()).isEqualTo(4000);
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v3.id() + " AND partial = 1")).isEqualTo(17);
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE status LIKE '%PARTIAL%'")).isZero();
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v3.id() + " AND line = 36 AND t1_feed IS NULL "
                + "AND status = 'READY' AND partial = 1 AND t2_mid = 23.17")).isEqualTo(1);
        JsonNode report = report("run_20251201_183000.csv");
        assertThat(report.path("header_version").asInt()).isEqualTo(3);
        assertThat(report.path("found").asLong()).isEqualTo(report.path("loaded").asLong() + report.path("rejected").asLong()
                + report.path("skipped").asLong());
        assertThat(report.path("coerced_cells").path("t1_feed").asLong())
                .isEqualTo(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v3.id() + " AND t1_feed IS NULL"))
                .isEqualTo(13);
        assertThat(report.path("coerced_cells").path("t3_nozzle").asLong()).isEqualTo(4);
        assertThat(report.path("time_span").path("first").asText()).isEqualTo("2025-12-01T18:30:00.250Z");
        assertThat(report.path("time_span").path("last").asText()).isEqualTo(v3.endedAt());

        // the originals left the inbox for the archive; every run verifies
        assertThat(logsInbox()).isEmptyDirectory();
        try (var archived = Files.walk(outbox().resolve("archive/extruder"))) {
            assertThat(archived.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("run_20251122_211642.csv", "run_20251122_211646.csv", "run_20251128_235800.csv",
                            "run_20251201_183000.csv");
        }
        for (RunRecord run : runs().all()) {
            assertThat(services().extruder().parity().check(run).match()).as(run.sourceFile()).isTrue();
        }
    }

    @Test
    void badLinesAreDeadLetteredAndTheRestLoads() throws Exception {
        drop("extruder/logs/run_20251203_090000.csv", logsInbox());
        awaitFinished(1);

        BatchLedger.Batch batch = finished().get(0);
        assertThat(batch.found()).isEqualTo(6);
        assertThat(batch.loaded()).isEqualTo(4);
        assertThat(batch.rejected()).isEqualTo(2);
        List<DeadLetter> rejects = services().deadLetters().pending("extruder");
        assertThat(rejects).extracting(DeadLetter::sourceFile, DeadLetter::line, DeadLetter::reason).containsExactly(
                tuple("run_20251203_090000.csv", 4L, "expected 12 cells (v2 header), found 4"),
                tuple("run_20251203_090000.csv", 6L, "unreadable Timestamp '25:61:00.000' (not a time of day)"));
        List<String> rejectedCsv = Files.readAllLines(outbox().resolve("dead-letter/extruder/run_20251203_090000.csv.rejected.csv"));
        assertThat(rejectedCsv.get(0)).isEqualTo("Timestamp,Status,T1_Feed,T2_Mid,T3_Nozzle,T_Motor,Target_Z1,Target_Z2,Pwr_Z1_%,"
                + "Pwr_Z2_%,RPM_Main,RPM_Feed,_line,_reason");
        assertThat(rejectedCsv).hasSize(3);
        assertThat(rejectedCsv.get(1)).startsWith("09:00:00.750,READY,23.08,23.11,4,");

        // empty, non-numeric and NAN cells are NULL, not rejects; the partial flag is kept
        RunRecord run = runs().find("run_20251203_090000.csv");
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + run.id() + " AND line = 5 AND t1_feed IS NULL "
                + "AND t2_mid IS NULL AND t3_nozzle = 23.14 AND rpm_feed = -2 AND status = 'RUNNING' AND partial = 1")).isEqualTo(1);
        JsonNode report = report("run_20251203_090000.csv");
        assertThat(report.path("coerced_cells").path("t1_feed").asLong()).isEqualTo(1);
        assertThat(report.path("coerced_cells").path("t2_mid").asLong()).isEqualTo(1);
        assertThat(report.path("coerced_cells").path("t3_nozzle").asLong()).isEqualTo(1);
        // a log with rejects still verifies: each missing line is accounted for by its dead letter
        ParityCheck.RunParity parity = services().extruder().parity().check(run);
        assertThat(parity.match()).isTrue();
        assertThat(parity.rejected()).isEqualTo(2);
        assertThat(parity.matched()).isEqualTo(4);

        // a replay of an unchanged bad line is rejected again and stays a dead letter
        CommandRun replay = CommandRun.of("dead-letter", "replay", "--home", home().toString(), "--flow", "extruder",
                "--id", Long.toString(rejects.get(1).id()), "--json");
        assertThat(replay.exitCode()).isEqualTo(1);
        assertThat(services().deadLetters().pending("extruder")).hasSize(2);
    }

    @Test
    void wholeFileRejectsSayWhyAndAFixedCopyReplays() throws Exception {
        drop("extruder/logs/run_20251204_100000.csv", logsInbox());
        drop("extruder/logs/run_20251205_000000.csv", logsInbox());
        drop("extruder/logs/notes_from_operator.csv", logsInbox());
        awaitFinished(3);

        assertThat(finished()).extracting(BatchLedger.Batch::status).containsOnly(BatchLedger.REJECTED_FILE);
        Path deadLetters = outbox().resolve("dead-letter/extruder");
        assertThat(Files.readString(deadLetters.resolve("run_20251204_100000.csv.reason.txt")))
                .startsWith("unrecognised log header 'Time,State,Temp1': expected one of v1 (8 columns: Timestamp,Status,")
                .contains("v3 (13 columns: Timestamp,Time_Str,Status");
        assertThat(Files.readString(deadLetters.resolve("run_20251205_000000.csv.reason.txt"))).startsWith("empty file");
        assertThat(Files.readString(deadLetters.resolve("notes_from_operator.csv.reason.txt")))
                .startsWith("not a run log: 'notes_from_operator.csv' does not match run_YYYYMMDD_HHMMSS.csv");
        assertThat(logsInbox()).isEmptyDirectory();
        assertThat(services().deadLetters().pending("extruder")).extracting(DeadLetter::reason)
                .noneMatch(r -> r.contains("Exception") || r.contains("Failed to invoke"));

        // the operator fixes the dead-letter copy's header, then replays it: the log loads
        Path copy = deadLetters.resolve("run_20251204_100000.csv");
        Files.writeString(copy, "Timestamp,Status,T1_Feed,T2_Mid,T3_Nozzle,T_Motor,RPM_Main,RPM_Feed\r\n"
                + "10:00:00,READY,23.0,23.0,23.0,24.0,0,0\r\n", StandardCharsets.UTF_8);
        DeadLetter letter = services().deadLetters().pending("extruder").stream()
                .filter(d -> d.sourceFile().equals("run_20251204_100000.csv")).findFirst().orElseThrow();
        CommandRun replay = CommandRun.of("dead-letter", "replay", "--home", home().toString(), "--flow", "extruder",
                "--id", Long.toString(letter.id()), "--json");
        assertThat(replay.exitCode()).as(replay.stdout() + replay.stderr()).isZero();
        assertThat(runs().find("run_20251204_100000.csv").sampleCount()).isEqualTo(1);
    }

    @Test
    void theSameLogAgainIsSkippedAndALongerCopyLoadsOnlyItsNewLines() throws Exception {
        List<String> lines = readSample("samples/extruder/logs/run_20251201_183000.csv");
        Path staging = Files.createDirectories(home().resolve("staging"));
        Path half = staging.resolve("run_20251201_183000.csv");
        Files.writeString(half, String.join("\r\n", lines.subList(0, 2001)) + "\r\n");
        Files.move(half, logsInbox().resolve(half.getFileName()));
        awaitFinished(1);
        assertThat(runs().find("run_20251201_183000.csv").sampleCount()).isEqualTo(2000);

        drop("samples/extruder/logs/run_20251201_183000.csv", logsInbox());
        awaitFinished(2);
        drop("samples/extruder/logs/run_20251201_183000.csv", logsInbox(), "run_20251201_183000.csv");
        awaitFinished(3);

        assertThat(services().ledger().recent("extruder", 10)).extracting(BatchLedger.Batch::status, BatchLedger.Batch::found,
                        BatchLedger.Batch::loaded, BatchLedger.Batch::rejected, BatchLedger.Batch::skipped)
                .containsExactly(
                        tuple("duplicate", 4000L, 0L, 0L, 4000L),
                        tuple("done", 4000L, 2000L, 0L, 2000L),
                        tuple("done", 2000L, 2000L, 0L, 0L));
        RunRecord run = runs().find("run_20251201_183000.csv");
        assertThat(run.sampleCount()).isEqualTo(4000);
        assertThat(scalar("SELECT COUNT(DISTINCT line) FROM run_samples")).isEqualTo(4000);
        assertThat(services().extruder().parity().check(run).match()).isTrue();
        RollupCheck.assertAgreesWithSamples(services().extruder().db());

        // the first copy cannot go while the longer copy's lines build on it: refused, nothing changed
        long first = services().ledger().recent("extruder", 10).get(2).id();
        long longer = services().ledger().recent("extruder", 10).get(1).id();
        CommandRun refused = CommandRun.of("rollback", "--batch", Long.toString(first), "--home", home().toString(), "--json");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.json().path("reason").asText()).contains("batch " + longer + " loaded later lines of run_20251201_183000.csv");
        assertThat(runs().find(run.id()).sampleCount()).isEqualTo(4000);

        // rolling back the longer copy removes exactly its 2,000 lines; loading it again brings them back
        CommandRun rollback = CommandRun.of("rollback", "--batch", Long.toString(longer), "--home", home().toString(), "--json");
        assertThat(rollback.exitCode()).as(rollback.stdout() + rollback.stderr()).isZero();
        assertThat(rollback.json().path("removed").path("run_samples").asLong()).isEqualTo(2000);
        assertThat(runs().find(run.id()).sampleCount()).isEqualTo(2000);
        assertThat(scalar("SELECT MAX(line) FROM run_samples")).isEqualTo(2001);
        RollupCheck.assertAgreesWithSamples(services().extruder().db());
        drop("samples/extruder/logs/run_20251201_183000.csv", logsInbox());
        awaitFinished(4);
        assertThat(services().ledger().recent("extruder", 1).get(0).loaded()).isEqualTo(2000);
        assertThat(services().extruder().parity().check(runs().find(run.id())).match()).isTrue();
    }

    @Test
    void parityCatchesASampleDeletedOrAlteredBySql() throws Exception {
        drop("samples/extruder/logs/run_20251128_235800.csv", logsInbox());
        awaitFinished(1);
        RunRecord run = runs().find("run_20251128_235800.csv");
        assertThat(CommandRun.of("extruder-verify", "--home", home().toString()).exitCode()).isZero();

        execute("DELETE FROM run_samples WHERE run_id = " + run.id() + " AND line = 100");
        execute("UPDATE run_samples SET t3_nozzle = t3_nozzle + 0.01 WHERE run_id = " + run.id() + " AND line = 700");
        CommandRun verify = CommandRun.of("extruder-verify", "--home", home().toString(), "--json");
        assertThat(verify.exitCode()).isEqualTo(1);
        JsonNode result = verify.json().path("results").get(0);
        assertThat(result.path("match").asBoolean()).isFalse();
        assertThat(result.path("differences").asLong()).isEqualTo(2);
        assertThat(result.path("listed").toString()).contains("line 100: in the log, not stored").contains("line 700: t3_nozzle");
        Path md = Path.of(verify.json().path("reports").get(1).asText());
        assertThat(Files.readString(md)).contains("MISMATCH").contains("line 100");
    }

    private static List<String> readSample(String path) throws Exception {
        try (var in = resource(path)) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n"));
        }
    }
}
