package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.Json;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live logs that stop being the file the hub was reading, while the service tails them: cut and rewritten in place,
 * overwritten in place, replaced by a move, renamed, deleted. After each, every run's stored samples are exactly
 * the lines of the content it was read from (the file's final complete lines for the run that follows it), the old
 * run ended with a status saying why, no run stays recording after run-idle and no batch stays running. A parity
 * mismatch at completion is the run's status, a failed batch, a metric and a readiness warning.
 */
class ExtruderLiveChangesTest extends LiveTailTestSupport {

    private static final String LOG = "run_20251201_183000.csv";

    private RunStore runs() {
        return services().extruder().runs();
    }

    private long count(String key) {
        RunRecord run = runs().find(key);
        return run == null ? -1 : run.sampleCount();
    }

    private String status(String key) {
        RunRecord run = runs().find(key);
        return run == null ? null : run.status();
    }

    private SortedMap<Long, Long> stored(String key) {
        long id = runs().find(key).id();
        Database db = services().extruder().db();
        return db.withConnection(c -> LiveLogCheck.stored(c, id));
    }

    /** The value of the first Prometheus sample whose line starts with {@code prefix}. */
    private double metric(String prefix) {
        String scrape = services().core().metrics().scrape();
        return scrape.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    /** A log the controller has written {@code rows} rows to, all of them loaded. */
    private Path loaded(String name, long rows) throws Exception {
        Path log = GeneratedLog.create(controllerFolder(), name);
        GeneratedLog.append(log, 1, rows);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(name) == rows);
        return log;
    }

    /** The controller stops writing: once the log is older than run-idle its run completes. */
    private void goesIdle(Path log, String key) throws Exception {
        Files.setLastModifiedTime(log, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> !RunRecord.RECORDING.equals(status(key))
                && services().ledger().running("extruder").isEmpty());
    }

    @AfterEach
    void nothingLeftRecordingOrRunning() {
        if (services() != null && context != null) {
            assertThat(runs().recording()).as("runs left recording").isEmpty();
            assertThat(services().ledger().running("extruder")).as("batches left running").isEmpty();
        }
    }

    @Test
    void aLiveLogThatCannotBeLoadedIsLeftAloneWhileTheOthersLoadAndTheLogSaysSoOnce() throws Exception {
        String bad = "run_20251201_190000.csv";
        org.junit.jupiter.api.Assumptions.assumeTrue(services().extruder().db().isSqlite(), "a SQLite trigger provokes the failure");
        // the database refuses one recording's run: its every block would fail
        try (java.sql.Connection c = services().extruder().db().connection(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER refuse_run BEFORE INSERT ON runs WHEN NEW.source_file = '" + bad + "' "
                    + "BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END");
        }
        // beside it, entries that are no log file at all: a folder and a fifo with a log's name
        Files.createDirectories(controllerFolder().resolve("run_20251201_200000.csv"));
        new ProcessBuilder("mkfifo", controllerFolder().resolve("run_20251201_210000.csv").toString()).start().waitFor();
        Path badLog = GeneratedLog.create(controllerFolder(), bad);
        GeneratedLog.append(badLog, 1, 50);
        Path good = loaded(LOG, 400);
        Path hubLog = Path.of(settings().get("hub.logs")).resolve("hub.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(hubLog).stream()
                .anyMatch(l -> l.contains(" WARN ") && l.contains(bad) && l.contains("disk refused the write")));
        // polled every 200 ms for 2 s more: still one WARN, no ERROR, the good log loaded and completing
        GeneratedLog.append(good, 401, 450);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LOG) == 450);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<String> lines = Files.readAllLines(hubLog);
        assertThat(lines.stream().filter(l -> l.contains(" WARN ") && l.contains(bad))).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains(" ERROR "));
        assertThat(runs().find(bad)).isNull();
        assertThat(services().ledger().recent("extruder", 10)).filteredOn(b -> b.source().equals(bad))
                .allSatisfy(b -> assertThat(b.status()).isEqualTo(BatchLedger.FAILED));
        goesIdle(good, LOG);
        assertThat(stored(LOG)).isEqualTo(LiveLogCheck.lines(good));
    }

    @Test
    void aLiveRunWhoseLastBatchIsRolledBackReadsThoseLinesAgainOnceIntoTheSameRun() throws Exception {
        Path log = loaded(LOG, 400);
        goesIdle(log, LOG);
        // the log grows after its run completed: a second batch reads the new lines into the same run
        GeneratedLog.append(log, 401, 500);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LOG) == 500);
        goesIdle(log, LOG);
        BatchLedger.Batch second = services().ledger().recent("extruder", 10).get(0);
        assertThat(second.loaded()).isEqualTo(100);

        assertThat(services().extruder().rollback().rollBack(second).rolledBack()).isTrue();
        // the next looks read the rolled-back lines again, into the same run, once
        await().atMost(Duration.ofSeconds(10)).until(() -> count(LOG) == 500 && RunRecord.COMPLETE.equals(status(LOG))
                && services().ledger().running("extruder").isEmpty());
        assertThat(runs().find(LOG + "#2")).as("read again as a new recording").isNull();
        assertThat(stored(LOG)).as("every line once").isEqualTo(LiveLogCheck.lines(log));
    }

    @Test
    void aLogCutAndRewrittenUnderItsNameIsANewRecordingAndTheOldRunEndsTruncated() throws Exception {
        Path log = loaded(LOG, 400);
        String before = Files.readString(log);

        // the controller starts over in the same file (same inode): cut to nothing, then 700 other lines
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        Files.writeString(log, LiveLogCheck.log(10_001, 10_700), StandardOpenOption.APPEND);
        String next = LOG + "#2";
        await().atMost(Duration.ofSeconds(5)).until(() -> count(next) == 700);
        goesIdle(log, next);

        RunRecord old = runs().find(LOG);
        assertThat(old.status()).isEqualTo(RunRecord.TRUNCATED);
        assertThat(old.statusReason()).contains(LOG).contains("new recording");
        assertThat(old.liveName()).isNull();
        assertThat(stored(LOG)).as("the old run keeps exactly the old content's lines").isEqualTo(LiveLogCheck.lines(before));
        RunRecord now = runs().findLive(LOG);
        assertThat(now.sourceFile()).isEqualTo(next);
        assertThat(now.status()).isEqualTo(RunRecord.COMPLETE);
        assertThat(stored(next)).as("the new run holds the file's final lines").isEqualTo(LiveLogCheck.lines(log));
        assertThat(services().extruder().parity().check(now).match()).isTrue();
        assertThat(services().extruder().parity().check(old).unchecked()).contains("truncated");
        assertThat(services().deadLetters().all("extruder")).as("no fragment of a line became a dead letter").isEmpty();
        List<BatchLedger.Batch> batches = services().ledger().recent("extruder", 10);
        assertThat(batches).extracting(BatchLedger.Batch::status).containsExactly(BatchLedger.DONE, BatchLedger.ABANDONED);
        assertThat(batches.get(1).details()).contains("truncated");
        assertThat(batches.get(0).loaded()).isEqualTo(700);
        assertThat(metric("hub_extruder_live_log_changes_total{change=\"truncated\"")).isEqualTo(1.0);
    }

    @Test
    void aLogOverwrittenInPlaceWithLongerContentIsANewRecordingToo() throws Exception {
        Path log = loaded(LOG, 400);
        String before = Files.readString(log);

        // never shorter than what was read: only the bytes before the stored position tell
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(LiveLogCheck.log(20_001, 20_600).getBytes(StandardCharsets.US_ASCII)), 0);
        }
        String next = LOG + "#2";
        await().atMost(Duration.ofSeconds(5)).until(() -> count(next) == 600);
        goesIdle(log, next);

        assertThat(status(LOG)).isEqualTo(RunRecord.TRUNCATED);
        assertThat(stored(LOG)).isEqualTo(LiveLogCheck.lines(before));
        assertThat(stored(next)).isEqualTo(LiveLogCheck.lines(log));
        assertThat(status(next)).isEqualTo(RunRecord.COMPLETE);
    }

    @Test
    void aLogReplacedByAMoveIsANewRecordingAndACopyWithTheSameContentIsTheSameLog() throws Exception {
        Path log = loaded(LOG, 300);
        String before = Files.readString(log);

        // mv of another file over it (a hidden temporary name: not a run log)
        Path incoming = controllerFolder().resolve(".incoming");
        Files.writeString(incoming, LiveLogCheck.log(30_001, 30_500));
        Files.move(incoming, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String next = LOG + "#2";
        await().atMost(Duration.ofSeconds(5)).until(() -> count(next) == 500);
        assertThat(status(LOG)).isEqualTo(RunRecord.REPLACED);
        assertThat(stored(LOG)).isEqualTo(LiveLogCheck.lines(before));

        // a copy holding the same bytes and more moved over it (rsync does this): the same log, read on
        Files.writeString(incoming, LiveLogCheck.log(30_001, 30_640));
        Files.move(incoming, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(next) == 640);
        goesIdle(log, next);

        assertThat(runs().all()).hasSize(2);
        assertThat(stored(next)).isEqualTo(LiveLogCheck.lines(log));
        assertThat(status(next)).isEqualTo(RunRecord.COMPLETE);
        assertThat(runs().find(next).fileKey()).isEqualTo(LogIdentity.fileKey(log));
        assertThat(metric("hub_extruder_live_log_changes_total{change=\"replaced\"")).isEqualTo(1.0);
    }

    @Test
    void aRenamedLogIsTheSameRunReadOnWithoutDuplicates() throws Exception {
        Path log = loaded("run_20251201_060000.csv", 200);

        Path renamed = Files.move(log, controllerFolder().resolve("run_20251201_060001.csv"));
        GeneratedLog.append(renamed, 201, 400);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("run_20251201_060000.csv") == 400);
        goesIdle(renamed, "run_20251201_060000.csv");

        assertThat(runs().all()).as("one run: the rename is not a new recording").hasSize(1);
        RunRecord run = runs().find("run_20251201_060000.csv");
        assertThat(run.status()).isEqualTo(RunRecord.COMPLETE);
        assertThat(run.liveName()).isEqualTo("run_20251201_060001.csv");
        assertThat(stored(run.sourceFile())).isEqualTo(LiveLogCheck.lines(renamed));
        assertThat(services().extruder().parity().check(run).match()).isTrue();
        List<BatchLedger.Batch> batches = services().ledger().recent("extruder", 10);
        assertThat(batches).extracting(BatchLedger.Batch::status).containsExactly(BatchLedger.DONE);
        assertThat(batches.get(0).loaded()).isEqualTo(400);
        assertThat(metric("hub_extruder_live_log_changes_total{change=\"renamed\"")).isEqualTo(1.0);
    }

    @Test
    void aDeletedLogsRunIsAbandonedAfterRunIdleWithWhatItRead() throws Exception {
        Path log = loaded(LOG, 200);
        String before = Files.readString(log);

        Files.delete(log);
        await().atMost(Duration.ofSeconds(10)).until(() -> RunRecord.ABANDONED.equals(status(LOG)));

        RunRecord run = runs().find(LOG);
        assertThat(run.statusReason()).contains("vanished");
        assertThat(stored(LOG)).isEqualTo(LiveLogCheck.lines(before));
        assertThat(services().ledger().recent("extruder", 10)).extracting(BatchLedger.Batch::status)
                .containsExactly(BatchLedger.ABANDONED);
        ParityCheck.RunParity parity = services().extruder().parity().check(run);
        assertThat(parity.unchecked()).contains("abandoned");
        assertThat(parity.mismatch()).isFalse();
        assertThat(metric("hub_extruder_live_log_changes_total{change=\"abandoned\"")).isEqualTo(1.0);
    }

    @Test
    void aParityMismatchAtCompletionIsTheRunsStatusAFailedBatchAMetricAndAReadinessWarning() throws Exception {
        Path log = loaded(LOG, 240);
        HealthCheck.Result healthy = HealthCheckHelper.invoke(context, "extruder-parity", Map.of()).orElseThrow();
        assertThat(healthy.getState()).isEqualTo(HealthCheck.State.UP);

        // a stored sample altered behind the hub's back
        long id = runs().find(LOG).id();
        services().extruder().db().inTransaction(c -> Database.update(c,
                "UPDATE run_samples SET t2_mid = -1 WHERE run_id = ? AND line = 10", id));
        goesIdle(log, LOG);

        RunRecord run = runs().find(LOG);
        assertThat(run.status()).isEqualTo(RunRecord.PARITY_MISMATCH);
        assertThat(run.statusReason()).contains("parity mismatch").contains("line 10");
        BatchLedger.Batch batch = services().ledger().recent("extruder", 1).get(0);
        assertThat(batch.status()).isEqualTo(BatchLedger.FAILED);
        assertThat(batch.details()).contains("parity mismatch");
        assertThat(metric("hub_extruder_parity_mismatch_total ")).isEqualTo(1.0);
        HealthCheck.Result health = HealthCheckHelper.invoke(context, "extruder-parity", Map.of()).orElseThrow();
        assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(health.getMessage()).hasValueSatisfying(m -> assertThat(m).contains(LOG));
        JsonNode report = Json.mapper().readTree(outbox().resolve("reports").resolve(IngestReport.fileName(LOG)).toFile());
        assertThat(report.path("status").asText()).isEqualTo(RunRecord.PARITY_MISMATCH);
        assertThat(report.path("parity").path("match").asBoolean()).isFalse();
    }
}
