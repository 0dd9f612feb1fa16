package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.HubTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Poison files dropped into the running inboxes (issue 21 A): values that overflow, dates that do not exist, bytes
 * that are no text, names Camel cannot read, and a database that refuses a write. Each file ends in one place within
 * a bounded time, with one batch that is never left running, and is never taken again; the log says so in a bounded
 * number of lines.
 */
class InboxPoisonRouteTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak", "rmos", "extruder");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.ppak.chunk-size", "20", "hub.rmos.orphan-check-ms", "3600000");
    }

    private Path extruderInbox(String part) {
        return inbox("extruder").resolve(part);
    }

    private List<BatchLedger.Batch> batches(String flow, String source) {
        return services().ledger().recent(flow, 500).stream().filter(b -> b.source().equals(source)).toList();
    }

    /** The one batch of a file once it has settled; fails if the file made more than one. */
    private BatchLedger.Batch settled(String flow, String source) {
        await().atMost(Duration.ofSeconds(60)).until(() -> batches(flow, source).stream()
                .anyMatch(b -> !BatchLedger.RUNNING.equals(b.status())));
        // taken once: no further batch while the consumer keeps polling (a rollback loop would add one per poll)
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> batches(flow, source).size() == 1);
        BatchLedger.Batch b = batches(flow, source).get(0);
        assertThat(b.found()).as(b.toString()).isEqualTo(b.loaded() + b.rejected() + b.skipped());
        return b;
    }

    private List<DeadLetter> letters(String flow, String source) {
        return services().deadLetters().all(flow).stream().filter(d -> d.sourceFile().equals(source)).toList();
    }

    private DeadLetter fileLetter(String flow, String source) {
        List<DeadLetter> files = letters(flow, source).stream().filter(d -> !DeadLetter.ROW.equals(d.kind())).toList();
        assertThat(files).as(source).hasSize(1);
        DeadLetter d = files.get(0);
        assertThat(d.reason()).doesNotContain("\tat ").doesNotContain("Exception").isNotBlank();
        assertThat(Path.of(d.payload())).exists();
        assertThat(Path.of(d.payload() + ".reason.txt")).exists();
        return d;
    }

    private Path hubLog() {
        return Path.of(settings().get("hub.logs")).resolve("hub.log");
    }

    private List<String> logLines() throws IOException {
        return Files.exists(hubLog()) ? Files.readAllLines(hubLog(), StandardCharsets.UTF_8) : List.of();
    }

    private long warnings(String about) throws IOException {
        return logLines().stream().filter(l -> l.contains(" WARN ") && l.contains(about)).count();
    }

    private static long filesIn(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void rmosDocumentsWithOverflowingNumbersImpossibleTimesControlCharactersOrBytesThatAreNoTextAreRejectedOnce() throws Exception {
        List<String> poison = List.of("patterns/ring-overflow.json", "patterns/control-name.json", "patterns/latin1.json",
                "strip_families/width-overflow.json", "joblogs/far-future.json");
        for (String p : poison) {
            drop("poison/rmos/" + p, inbox("rmos").resolve(p).getParent());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> poison.stream().allMatch(p -> !letters("rmos", p).isEmpty()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> filesIn(inbox("rmos")) == 0
                && services().deadLetters().all("rmos").size() == poison.size());
        assertThat(fileLetter("rmos", "patterns/ring-overflow.json").reason()).contains("ring_count is not a finite number");
        assertThat(fileLetter("rmos", "strip_families/width-overflow.json").reason()).contains("strip_width_mm is not a finite number");
        assertThat(fileLetter("rmos", "patterns/control-name.json").reason()).contains("name holds a control character U+0000");
        assertThat(fileLetter("rmos", "patterns/latin1.json").reason()).contains("not UTF-8 text");
        assertThat(fileLetter("rmos", "joblogs/far-future.json").reason()).contains("start_time is out of range");
        List<BatchLedger.Batch> batches = services().ledger().recent("rmos", 50);
        assertThat(batches).allSatisfy(b -> assertThat(b.status()).isNotEqualTo(BatchLedger.RUNNING));
        assertThat(batches.stream().mapToLong(BatchLedger.Batch::found).sum()).isEqualTo(poison.size());
        assertThat(batches.stream().mapToLong(BatchLedger.Batch::rejected).sum()).isEqualTo(poison.size());
    }

    @Test
    void extruderSnapshotsNamedWithDatesThatDoNotExistOrHoldingOverflowingNumbersAreRejectedOnce() throws Exception {
        for (String name : List.of("config_2025-13-45.json", "config_2025-12-01_250000.json", "config_2025-12-03.json")) {
            drop("poison/extruder/config/" + name, extruderInbox("config"));
        }
        assertThat(settled("extruder", "config_2025-13-45.json").status()).isEqualTo(BatchLedger.REJECTED_FILE);
        assertThat(settled("extruder", "config_2025-12-01_250000.json").status()).isEqualTo(BatchLedger.REJECTED_FILE);
        assertThat(settled("extruder", "config_2025-12-03.json").status()).isEqualTo(BatchLedger.REJECTED_FILE);
        assertThat(fileLetter("extruder", "config_2025-13-45.json").reason()).contains("does not exist (2025-13-45)");
        assertThat(fileLetter("extruder", "config_2025-12-01_250000.json").reason()).contains("does not exist (2025-12-01 250000)");
        assertThat(fileLetter("extruder", "config_2025-12-03.json").reason()).contains("z1.kp is not a finite number");
        assertThat(filesIn(extruderInbox("config"))).isZero();
        assertThat(warnings("config_2025-13-45.json rejected")).isEqualTo(1);
    }

    @Test
    void loggerCapturesWithOverflowingTimestampsControlCharactersOrBinaryContentRejectTheirLinesOrThemselves() throws Exception {
        for (String name : List.of("logger_overflow.jsonl", "logger_binary.jsonl", "logger_latin1.jsonl")) {
            drop("poison/extruder/events/" + name, extruderInbox("events"));
        }
        BatchLedger.Batch overflow = settled("extruder", "logger_overflow.jsonl");
        assertThat(overflow.status()).isEqualTo(BatchLedger.DONE);
        assertThat(List.of(overflow.found(), overflow.loaded(), overflow.rejected(), overflow.skipped())).containsExactly(6L, 1L, 4L, 1L);
        assertThat(letters("extruder", "logger_overflow.jsonl")).extracting(DeadLetter::reason).containsExactly(
                "timestamp 1E+20 is out of range (epoch seconds from 1970 to 9999)",
                "context.v is not a finite number (out of range)",
                "event holds a control character U+0000",
                "timestamp is not a finite number (out of range)");
        BatchLedger.Batch binary = settled("extruder", "logger_binary.jsonl");
        assertThat(binary.status()).isEqualTo(BatchLedger.REJECTED_FILE);
        assertThat(fileLetter("extruder", "logger_binary.jsonl").reason()).contains("binary content");
        BatchLedger.Batch latin1 = settled("extruder", "logger_latin1.jsonl");
        assertThat(List.of(latin1.found(), latin1.loaded(), latin1.rejected())).containsExactly(3L, 2L, 1L);
        assertThat(letters("extruder", "logger_latin1.jsonl")).extracting(DeadLetter::reason)
                .containsExactly("undecodable bytes: the line is not UTF-8 text");
        assertThat(filesIn(extruderInbox("events"))).isZero();
    }

    @Test
    void logLinesWithControlCharactersOrTimesOutOfRangeAreRejectedRowsAndImpossibleOrUnreadableNamesDeadLetters() throws Exception {
        drop("poison/extruder/logs/run_20251201_190000.csv", extruderInbox("logs"));
        drop("poison/extruder/logs/run_20250230_120000.csv", extruderInbox("logs"));
        // Camel reads '\' as a folder separator: this file could never be taken
        String odd = "run_<script>alert(1)<\\script>.csv";
        drop("poison/extruder/logs/run_20251201_190000.csv", extruderInbox("logs"), odd);

        BatchLedger.Batch log = settled("extruder", "run_20251201_190000.csv");
        assertThat(log.status()).isEqualTo(BatchLedger.DONE);
        assertThat(List.of(log.found(), log.loaded(), log.rejected())).containsExactly(10L, 7L, 3L);
        assertThat(letters("extruder", "run_20251201_190000.csv")).extracting(DeadLetter::line, DeadLetter::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5L, "cell 3 holds a control character U+0000"),
                org.assertj.core.groups.Tuple.tuple(7L, "cell 3 holds a control character U+001B"),
                org.assertj.core.groups.Tuple.tuple(9L, "Timestamp '999999999999.000' is out of range (epoch seconds from 1970 to 9999)"));
        try (Connection c = services().extruder().db().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT status FROM run_samples")) {
            List<String> statuses = new ArrayList<>();
            while (rs.next()) {
                statuses.add(rs.getString(1));
            }
            assertThat(statuses).containsExactly("READY");
        }

        assertThat(settled("extruder", "run_20250230_120000.csv").status()).isEqualTo(BatchLedger.REJECTED_FILE);
        assertThat(fileLetter("extruder", "run_20250230_120000.csv").reason()).contains("does not exist");

        BatchLedger.Batch swept = settled("extruder", odd);
        assertThat(swept.status()).isEqualTo(BatchLedger.REJECTED_FILE);
        DeadLetter oddLetter = fileLetter("extruder", odd);
        assertThat(oddLetter.reason()).contains("backslash");
        assertThat(Path.of(oddLetter.payload()).getFileName().toString()).isEqualTo("run_%3Cscript%3Ealert%281%29%3C%5Cscript%3E.csv");
        assertThat(filesIn(extruderInbox("logs"))).isZero();
    }

    @Test
    void aFileWhoseProcessingThrowsWhatItsFlowDidNotExpectIsDeadLetteredOnceWithItsBatchFailed() throws Exception {
        // The database refuses every event and every profile: an infrastructure fault no flow expects.
        try (Connection c = services().extruder().db().connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_events BEFORE INSERT ON logger_events BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END");
            s.execute("CREATE TRIGGER refuse_profiles BEFORE INSERT ON config_profiles BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END");
        }
        drop("samples/extruder/events/logger_2025-12-01.jsonl", extruderInbox("events"));
        drop("samples/extruder/config/config_2025-12-02.json", extruderInbox("config"));
        int logLinesBefore = logLines().size();
        for (String name : List.of("logger_2025-12-01.jsonl", "config_2025-12-02.json")) {
            BatchLedger.Batch b = settled("extruder", name);
            assertThat(b.status()).as(name).isEqualTo(BatchLedger.FAILED);
            assertThat(b.details()).contains("disk refused the write");
            DeadLetter d = fileLetter("extruder", name);
            assertThat(d.reason()).startsWith("processing failed: ").contains("disk refused the write");
            assertThat(d.batchId()).isEqualTo(b.id());
            assertThat(warnings(name + " rejected")).as(name).isEqualTo(1);
        }
        assertThat(filesIn(extruderInbox("events")) + filesIn(extruderInbox("config"))).isZero();
        // one WARN and one stack trace per file, not one per poll
        assertThat(logLines().size() - logLinesBefore).isLessThan(2 * 400);
    }

    @Test
    void ppakRowsWithControlCharactersAreRejectedAmountsOutOfRangeWarnedAndAMalformedExportLogsNoReleaseError() throws Exception {
        drop("poison/ppak/projects_2024-05-01.csv", inbox("ppak"));
        BatchLedger.Batch rows = settled("ppak", "projects_2024-05-01.csv");
        assertThat(List.of(rows.found(), rows.loaded(), rows.rejected())).containsExactly(150L, 149L, 1L);
        assertThat(letters("ppak", "projects_2024-05-01.csv")).extracting(DeadLetter::reason)
                .containsExactly("cell 3 holds a control character U+0007");
        assertThat(rows.details()).contains("sell price '1e400' is out of range, stored as null");

        drop("poison/ppak/projects_2024-05-02.csv", inbox("ppak"));
        BatchLedger.Batch malformed = settled("ppak", "projects_2024-05-02.csv");
        assertThat(malformed.status()).isEqualTo(BatchLedger.REJECTED_FILE);
        assertThat(fileLetter("ppak", "projects_2024-05-02.csv").reason()).contains("malformed CSV");
        assertThat(warnings("projects_2024-05-02.csv rejected")).isEqualTo(1);

        // The CSV reader fails in the middle of the file, chunks already split: the splitter must not read on.
        drop("poison/ppak/projects_2024-05-03.csv", inbox("ppak"));
        BatchLedger.Batch midway = settled("ppak", "projects_2024-05-03.csv");
        assertThat(midway.status()).isEqualTo(BatchLedger.REJECTED_FILE);
        assertThat(fileLetter("ppak", "projects_2024-05-03.csv").reason()).contains("malformed CSV");
        assertThat(warnings("projects_2024-05-03.csv rejected")).isEqualTo(1);
        assertThat(logLines()).noneMatch(l -> l.contains("Error releasing exchange") || l.contains("MulticastProcessor"));
    }
}
