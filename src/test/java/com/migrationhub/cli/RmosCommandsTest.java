package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RMOS commands as a user runs them ({@code ./hub rmos-migrate | rmos-audit | rmos-report},
 * {@code ./hub dead-letter replay --flow rmos}) over the shipped samples, asserting SAMPLES.md's table.
 */
class RmosCommandsTest {

    @TempDir
    Path home;

    @TempDir
    Path data;

    /** The shipped samples copied to a folder outside the home, as an RMOS data dir would be. */
    private void copySamples() throws IOException {
        for (String sample : sampleIndex()) {
            if (sample.startsWith("rmos/")) {
                copy("samples/" + sample, data.resolve(sample.substring("rmos/".length())));
            }
        }
    }

    private static List<String> sampleIndex() throws IOException {
        try (InputStream in = resource("samples/index.txt")) {
            return new String(in.readAllBytes()).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = resource(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = RmosCommandsTest.class.getResourceAsStream("/" + path);
        assertThat(in).as(path).isNotNull();
        return in;
    }

    private CommandRun migrate(String... extra) {
        List<String> args = new ArrayList<>(List.of("rmos-migrate", "--home", home.toString(), "--data-dir", data.toString(), "--json"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static Map<String, List<Long>> stats(JsonNode result) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        result.get("stats").fields().forEachRemaining(e -> out.put(e.getKey(), List.of(e.getValue().get("found").asLong(),
                e.getValue().get("migrated").asLong(), e.getValue().get("skipped").asLong(), e.getValue().get("failed").asLong())));
        return out;
    }

    private String rmosUrl() {
        return "jdbc:sqlite:" + home.resolve("data/rmos.db");
    }

    private List<String> column(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(rmosUrl()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(rmosUrl()); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private <T> T withServices(java.util.function.Function<HubServices, T> work) {
        try (HubServices services = HubServices.open(HubSettings.of(home, Map.of()))) {
            return work.apply(services);
        }
    }

    private List<DeadLetter> pendingDeadLetters() {
        return withServices(s -> s.deadLetters().pending("rmos"));
    }

    private static List<Path> files(Path dir, String glob) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        }
    }

    @Test
    void samplesMigrateAsSamplesSayAndTheSameFilesAgainAreSkipped() throws Exception {
        copySamples();

        CommandRun run = migrate();
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.REJECTS);
        JsonNode result = run.json();
        assertThat(stats(result)).containsExactly(
                Map.entry("strip_families", List.of(3L, 2L, 0L, 1L)),
                Map.entry("patterns", List.of(7L, 4L, 0L, 3L)),
                Map.entry("joblogs", List.of(4L, 2L, 0L, 2L)));
        assertThat(result.at("/totals/found").asLong()).isEqualTo(14);
        assertThat(result.at("/totals/migrated").asLong()).isEqualTo(8);
        assertThat(result.at("/totals/failed").asLong()).isEqualTo(6);

        // The loaded rows, in the RMOS application's columns.
        assertThat(column("SELECT id FROM strip_families ORDER BY id")).containsExactly("fam-ebony-std", "fam-maple-bw");
        List<String> patterns = column("SELECT id FROM patterns ORDER BY id");
        assertThat(patterns).hasSize(4).contains("pat-herringbone-3", "pat-rope-classic", "pat-rosette-a");
        String spiralId = column("SELECT id FROM patterns WHERE name = 'Spiral (no id in legacy file)'").get(0);
        assertThat(spiralId).startsWith("pat-");
        assertThat(column("SELECT id FROM joblogs ORDER BY id")).containsExactly("JOB-ROSETTE-20251203-142210-a1b2c3", "job-slice-001");
        assertThat(column("SELECT pattern_type || '|' || geometry_json || '|' || rosette_geometry FROM patterns WHERE id = 'pat-rosette-a'"))
                .singleElement().asString().startsWith("rosette|{}|{\"rings\":[{\"radius_mm\":41.5");
        assertThat(column("SELECT created_at FROM strip_families WHERE id = 'fam-ebony-std'")).containsExactly("2025-01-14T09:12:33");
        assertThat(column("SELECT COUNT(*) FROM patterns WHERE batch_id IS NULL OR migrated_at IS NULL")).containsExactly("0");
        assertThat(column("SELECT version FROM schema_version")).containsExactly("2");

        // The six rejects: dead letters with the original document and its reason beside it.
        Map<String, String> reasons = new LinkedHashMap<>();
        for (DeadLetter d : pendingDeadLetters()) {
            reasons.put(d.sourceFile(), d.reason());
            assertThat(d.kind()).isEqualTo(DeadLetter.DOCUMENT);
            assertThat(Path.of(d.payload())).exists().startsWith(home.resolve("outbox/dead-letter/rmos"));
            assertThat(Path.of(d.payload() + ".reason.txt")).content().contains(d.reason());
        }
        assertThat(reasons).hasSize(6);
        assertThat(reasons.get("strip_families/bad-width.json")).contains("strip_width_mm must be > 0");
        assertThat(reasons.get("patterns/missing-geometry.json")).isEqualTo("missing required field geometry");
        assertThat(reasons.get("patterns/orphan-family.json")).isEqualTo("unknown strip family fam-does-not-exist (strip_family_id)");
        assertThat(reasons.get("patterns/truncated.json")).startsWith("not valid JSON");
        assertThat(reasons.get("joblogs/completed-no-end.json")).isEqualTo("a completed job needs end_time");
        assertThat(reasons.get("joblogs/no-params.json")).isEqualTo("missing required field parameters");

        // A foreign data dir is read, never emptied; every original is archived.
        assertThat(Files.walk(data).filter(Files::isRegularFile).count()).isEqualTo(14);
        // Reports: rmos_migration_<ts>.json/.html/.txt.
        Path reports = home.resolve("outbox/reports");
        List<Path> json = files(reports, "rmos_migration_*.json");
        assertThat(json).hasSize(1);
        JsonNode report = Json.mapper().readTree(json.get(0).toFile());
        assertThat(report.at("/summary/total_found").asLong()).isEqualTo(14);
        assertThat(report.at("/summary/total_migrated").asLong()).isEqualTo(8);
        assertThat(report.at("/summary/total_failed").asLong()).isEqualTo(6);
        assertThat(report.at("/summary/success_rate").asDouble()).isEqualTo(57.14);
        assertThat(report.get("success").asBoolean()).isFalse();
        assertThat(files(reports, "rmos_migration_*.html")).singleElement().satisfies(p ->
                assertThat(p).content().contains("<h3>strip_families</h3>").contains("57.14"));
        assertThat(files(reports, "rmos_migration_*.txt")).singleElement().satisfies(p ->
                assertThat(p).content().contains("total                  14         8        0        6"));
        List<String> migratedAt = column("SELECT migrated_at FROM patterns ORDER BY id");

        // The same files again: every loaded document is skipped, nothing new is written or dead-lettered.
        CommandRun again = migrate();
        assertThat(stats(again.json())).containsExactly(
                Map.entry("strip_families", List.of(3L, 0L, 2L, 1L)),
                Map.entry("patterns", List.of(7L, 0L, 4L, 3L)),
                Map.entry("joblogs", List.of(4L, 0L, 2L, 2L)));
        assertThat(column("SELECT migrated_at FROM patterns ORDER BY id")).isEqualTo(migratedAt);
        assertThat(column("SELECT id FROM patterns WHERE name = 'Spiral (no id in legacy file)'")).containsExactly(spiralId);
        assertThat(pendingDeadLetters()).hasSize(6);
    }

    @Test
    void aChangedDocumentIsAnUpdateThatKeepsItsCreatedAt() throws Exception {
        copySamples();
        assertThat(migrate().exitCode()).isEqualTo(ExitCodes.REJECTS);
        Files.delete(data.resolve("patterns/herringbone-3.json"));
        copy("rmos/patterns/herringbone-3-revised.json", data.resolve("patterns/herringbone-3.json"));

        JsonNode result = migrate().json();
        assertThat(result.at("/stats/patterns/migrated").asLong()).isEqualTo(1);
        assertThat(result.at("/stats/patterns/updated").asLong()).isEqualTo(1);
        assertThat(result.at("/stats/patterns/skipped").asLong()).isEqualTo(3);
        assertThat(column("SELECT name || '|' || created_at || '|' || updated_at FROM patterns WHERE id = 'pat-herringbone-3'"))
                .containsExactly("Herringbone 3-ring (revised)|2025-02-03T16:40:00|2025-11-30T12:00:00");
    }

    @Test
    void aDryRunValidatesAndReportsButWritesNothing() throws Exception {
        copySamples();
        CommandRun run = migrate("--dry-run");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.REJECTS);
        assertThat(stats(run.json())).containsExactly(
                Map.entry("strip_families", List.of(3L, 2L, 0L, 1L)),
                Map.entry("patterns", List.of(7L, 4L, 0L, 3L)),
                Map.entry("joblogs", List.of(4L, 2L, 0L, 2L)));
        assertThat(run.json().get("dry_run").asBoolean()).isTrue();

        assertThat(column("SELECT COUNT(*) FROM strip_families")).containsExactly("0");
        assertThat(column("SELECT COUNT(*) FROM patterns")).containsExactly("0");
        assertThat(column("SELECT COUNT(*) FROM joblogs")).containsExactly("0");
        assertThat(column("SELECT COUNT(*) FROM migration_waiting_documents")).containsExactly("0");
        List<DeadLetter> deadLetters = withServices(s -> s.deadLetters().all(null));
        assertThat(deadLetters).isEmpty();
        List<com.migrationhub.core.BatchLedger.Batch> batches = withServices(s -> s.ledger().recent(null, 10));
        assertThat(batches).isEmpty();
        assertThat(files(home.resolve("outbox/reports"), "*")).isEmpty();
        assertThat(Files.exists(home.resolve("outbox/archive/rmos")) ? Files.list(home.resolve("outbox/archive/rmos")).count() : 0).isZero();
        assertThat(Files.walk(home.resolve("outbox/dead-letter/rmos")).filter(Files::isRegularFile).count()).isZero();
        assertThat(Files.walk(data).filter(Files::isRegularFile).count()).isEqualTo(14);
    }

    @Test
    void theOrphanLoadsOnReplayOnceItsFamilyHasArrivedAndABadDocumentStaysOneDeadLetter() throws Exception {
        copySamples();
        migrate();
        long orphan = pendingDeadLetters().stream().filter(d -> d.sourceFile().equals("patterns/orphan-family.json"))
                .findFirst().orElseThrow().id();
        long broken = pendingDeadLetters().stream().filter(d -> d.sourceFile().equals("patterns/missing-geometry.json"))
                .findFirst().orElseThrow().id();

        // Replayed before its family exists: rejected again, still the same dead letter.
        CommandRun early = CommandRun.of("dead-letter", "replay", "--home", home.toString(), "--flow", "rmos", "--id",
                Long.toString(orphan), "--json");
        assertThat(early.exitCode()).isEqualTo(ExitCodes.REJECTS);
        assertThat(early.json().at("/results/0/reason").asText()).isEqualTo("unknown strip family fam-does-not-exist (strip_family_id)");

        // The family arrives (a later migration), then the replay loads the pattern.
        Path later = Files.createTempDirectory(home, "later");
        copy("rmos/strip_families/found-family.json", later.resolve("strip_families/found-family.json"));
        CommandRun family = CommandRun.of("rmos-migrate", "--home", home.toString(), "--data-dir", later.toString(), "--json");
        assertThat(family.exitCode()).as(family.stdout()).isEqualTo(ExitCodes.CLEAN);
        assertThat(family.json().at("/stats/strip_families/migrated").asLong()).isEqualTo(1);

        CommandRun replay = CommandRun.of("dead-letter", "replay", "--home", home.toString(), "--flow", "rmos", "--id",
                Long.toString(orphan), Long.toString(broken), "--json");
        assertThat(replay.exitCode()).isEqualTo(ExitCodes.REJECTS);
        assertThat(replay.json().get("loaded").asInt()).isEqualTo(1);
        assertThat(replay.json().get("rejected").asInt()).isEqualTo(1);
        assertThat(column("SELECT strip_family_id FROM patterns WHERE id = 'pat-orphan'")).containsExactly("fam-does-not-exist");

        List<DeadLetter> all = withServices(s -> s.deadLetters().all("rmos"));
        assertThat(all).hasSize(6);
        assertThat(all).filteredOn(d -> d.id() == orphan).singleElement().satisfies(d -> assertThat(d.isReplayed()).isTrue());
        assertThat(all).filteredOn(d -> d.id() == broken).singleElement().satisfies(d -> {
            assertThat(d.isReplayed()).isFalse();
            assertThat(d.reason()).isEqualTo("missing required field geometry");
        });
        assertThat(pendingDeadLetters()).hasSize(5);
    }

    @Test
    void theAuditPassesAfterTheSamplesAndFailsOnACorruptedRow() throws Exception {
        copySamples();
        migrate();
        CommandRun pass = CommandRun.of("rmos-audit", "--home", home.toString(), "--json");
        assertThat(pass.exitCode()).as(pass.stdout()).isEqualTo(ExitCodes.CLEAN);
        assertThat(pass.json().get("passed").asBoolean()).isTrue();
        assertThat(pass.json().get("schema_version").asInt()).isEqualTo(2);
        assertThat(pass.json().get("error_count").asInt()).isZero();
        assertThat(pass.json().at("/rows/patterns").asInt()).isEqualTo(4);

        execute("UPDATE strip_families SET strip_width_mm = -2 WHERE id = 'fam-ebony-std'");
        execute("UPDATE patterns SET geometry_json = '{not json' WHERE id = 'pat-rope-classic'");
        execute("UPDATE joblogs SET created_at = '28/11/2025' WHERE id = 'job-slice-001'");
        execute("DROP INDEX idx_joblogs_status");
        CommandRun fail = CommandRun.of("rmos-audit", "--home", home.toString(), "--json");
        assertThat(fail.exitCode()).isEqualTo(ExitCodes.REJECTS);
        JsonNode errors = fail.json().get("errors");
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < errors.size(); i++) {
            assertThat(errors.get(i).get("number").asInt()).isEqualTo(i + 1);
            messages.add(errors.get(i).get("message").asText());
        }
        assertThat(messages).containsExactlyInAnyOrder(
                "required index idx_joblogs_status is missing",
                "strip_families fam-ebony-std: strip_width_mm must be a number > 0, found -2.0",
                "patterns pat-rope-classic: geometry_json is not valid JSON",
                "joblogs job-slice-001: created_at is not an ISO timestamp: 28/11/2025");
        assertThat(files(home.resolve("outbox/reports"), "rmos_audit_*.json")).hasSize(2);
        assertThat(files(home.resolve("outbox/reports"), "rmos_audit_*.txt")).last().satisfies(p ->
                assertThat(p).content().startsWith("RMOS database audit: FAILED").contains("E1. ").contains("E4. "));
    }

    @Test
    void aReportIsWrittenFromAStatsFileAndItsHtmlIsEscaped() throws Exception {
        Path stats = home.resolve("stats.json");
        Files.writeString(stats, "{\"patterns\": {\"found\": 7, \"migrated\": 4, \"skipped\": 0, \"failed\": 3},"
                + " \"<script>alert(1)</script>\": {\"found\": 1, \"migrated\": 1, \"skipped\": 0, \"failed\": 0}}");
        CommandRun run = CommandRun.of("rmos-report", stats.toString(), "--home", home.toString(), "--format", "json,html", "--json");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.CLEAN);
        assertThat(run.json().at("/summary/total_found").asLong()).isEqualTo(8);
        assertThat(run.json().at("/summary/success_rate").asDouble()).isEqualTo(62.5);
        Path reports = home.resolve("outbox/reports");
        assertThat(files(reports, "rmos_migration_*.txt")).isEmpty();
        assertThat(files(reports, "rmos_migration_*.html")).singleElement().satisfies(p -> assertThat(p).content()
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>"));
        JsonNode report = Json.mapper().readTree(files(reports, "rmos_migration_*.json").get(0).toFile());
        assertThat(report.fieldNames()).toIterable().containsExactly("timestamp", "summary", "entities", "success");

        Files.writeString(stats, "{\"patterns\": {\"found\": \"many\"}}");
        CommandRun bad = CommandRun.of("rmos-report", stats.toString(), "--home", home.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.stderr()).contains("patterns.found must be a whole number");
    }

    @Test
    void fromTheInboxTheOriginalsAreArchivedAndRemoved() throws Exception {
        Path inbox = home.resolve("inbox/rmos");
        copy("samples/rmos/strip_families/maple-bw.json", inbox.resolve("strip_families/maple-bw.json"));
        copy("samples/rmos/patterns/rope-classic.json", inbox.resolve("patterns/classic/rope-classic.json"));
        CommandRun run = CommandRun.of("rmos-migrate", "--home", home.toString(), "--json");
        assertThat(run.exitCode()).as(run.stdout()).isEqualTo(ExitCodes.CLEAN);
        assertThat(run.json().at("/totals/migrated").asLong()).isEqualTo(2);
        assertThat(Files.walk(inbox).filter(Files::isRegularFile).toList()).isEmpty();
        assertThat(Files.walk(home.resolve("outbox/archive/rmos")).filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("maple-bw.json", "rope-classic.json");
    }

    @Test
    void filesThatAreNoDocumentsAreDeadLetteredWithTheirReasonAndHiddenOrPartialFilesIgnored() throws Exception {
        // The data folder is the RMOS application's: its README and notes outside the entity folders are not documents.
        Files.writeString(data.resolve("README.md"), "# RMOS data\n");
        Files.createDirectories(data.resolve("notes"));
        Files.writeString(data.resolve("notes/todo.txt"), "back up first");
        Files.createDirectories(data.resolve("patterns"));
        Files.createDirectories(data.resolve("joblogs/2025"));
        Files.createDirectories(data.resolve("strip_families"));
        Files.writeString(data.resolve("notes/readme.json"), "{}");
        Files.writeString(data.resolve("patterns/notes.txt"), "remember the glue");
        Files.writeString(data.resolve("joblogs/2025/empty.json"), "");
        Files.writeString(data.resolve("joblogs/2025/list.json"), "[1, 2]");
        Files.writeString(data.resolve("strip_families/.hidden.json"), "{}");
        Files.writeString(data.resolve("strip_families/copying.json.part"), "{");
        Files.writeString(data.resolve("strip_families/copying.json.tmp"), "{");

        CommandRun run = migrate();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.REJECTS);
        assertThat(run.json().at("/totals/found").asLong()).isEqualTo(4);
        assertThat(run.json().at("/totals/failed").asLong()).isEqualTo(4);
        assertThat(run.json().at("/stats/other/failed").asLong()).isEqualTo(1);
        Map<String, String> reasons = new LinkedHashMap<>();
        pendingDeadLetters().forEach(d -> reasons.put(d.sourceFile(), d.reason()));
        assertThat(reasons).containsOnly(
                Map.entry("notes/readme.json", "not in a strip_families/, patterns/ or joblogs/ folder"),
                Map.entry("patterns/notes.txt", "not a .json document"),
                Map.entry("joblogs/2025/empty.json", "not valid JSON: the file is empty"),
                Map.entry("joblogs/2025/list.json", "not a JSON object (found array)"));
        assertThat(home.resolve("outbox/dead-letter/rmos/joblogs/2025/list.json")).hasContent("[1, 2]");
        assertThat(data.resolve("README.md")).exists();
        assertThat(data.resolve("notes/todo.txt")).exists();
    }

    /** The RMOS batches that loaded rows, oldest first. */
    private List<Long> loadingBatches() {
        return withServices(s -> s.ledger().recent("rmos", 1_000).stream().filter(b -> b.loaded() > 0)
                .map(com.migrationhub.core.BatchLedger.Batch::id).sorted().toList());
    }

    private CommandRun rollback(long batch) {
        return CommandRun.of("rollback", "--batch", Long.toString(batch), "--home", home.toString(), "--json");
    }

    @Test
    void aRolledBackBatchTakesItsRowsAndPutsBackWhatItOverwrote() throws Exception {
        copySamples();
        assertThat(migrate().exitCode()).isEqualTo(ExitCodes.REJECTS);
        long first = loadingBatches().get(0);
        Path maple = data.resolve("strip_families/maple-bw.json");
        Files.writeString(maple, Files.readString(maple).replace("Maple / Black Veneer", "Maple / Black Veneer (revised)"));
        // A pattern the first batch's job log names is overwritten too: undoing that must keep the job log's reference.
        Path herringbone = data.resolve("patterns/herringbone-3.json");
        Files.writeString(herringbone, Files.readString(herringbone).replace("Herringbone 3-ring", "Herringbone 3-ring (revised)"));
        migrate();
        long second = loadingBatches().get(loadingBatches().size() - 1);
        assertThat(second).isGreaterThan(first);
        assertThat(column("SELECT name FROM strip_families WHERE id = 'fam-maple-bw'")).containsExactly("Maple / Black Veneer (revised)");

        CommandRun refused = rollback(first);
        assertThat(refused.exitCode()).as(refused.stdout()).isEqualTo(ExitCodes.REJECTS);
        assertThat(refused.json().get("reason").asText()).contains("batch " + second + " has since loaded over 2 of its rows")
                .contains("batch " + second + " skipped 6 rows as already stored");

        CommandRun undoSecond = rollback(second);
        assertThat(undoSecond.exitCode()).as(undoSecond.stderr()).isEqualTo(ExitCodes.CLEAN);
        assertThat(undoSecond.json().at("/restored/strip_families").asLong()).isEqualTo(1);
        assertThat(undoSecond.json().at("/restored/patterns").asLong()).isEqualTo(1);
        assertThat(undoSecond.json().at("/removed/strip_families").asLong()).isZero();
        assertThat(column("SELECT name || '|' || batch_id FROM patterns WHERE id = 'pat-herringbone-3'"))
                .containsExactly("Herringbone 3-ring|" + first);
        assertThat(column("SELECT name || '|' || batch_id || '|' || strip_width_mm FROM strip_families WHERE id = 'fam-maple-bw'"))
                .containsExactly("Maple / Black Veneer|" + first + "|1.5");

        // A job log the RMOS application wrote itself, naming a pattern only the first batch loaded, holds that batch.
        execute("INSERT INTO joblogs (id, job_type, pattern_id, parameters_json) VALUES ('app-job', 'slice', 'pat-rope-classic', '{}')");
        CommandRun held = rollback(first);
        assertThat(held.exitCode()).isEqualTo(ExitCodes.REJECTS);
        assertThat(held.json().get("reason").asText()).contains("1 joblogs written by the RMOS application refer to patterns only it loaded");
        execute("DELETE FROM joblogs WHERE id = 'app-job'");

        int waiting = pendingDeadLetters().size();
        CommandRun undoFirst = rollback(first);
        assertThat(undoFirst.exitCode()).as(undoFirst.stderr()).isEqualTo(ExitCodes.CLEAN);
        assertThat(undoFirst.json().get("removed").toString()).isEqualTo("{\"strip_families\":2,\"patterns\":4,\"joblogs\":2}");
        assertThat(column("SELECT (SELECT COUNT(*) FROM strip_families) + (SELECT COUNT(*) FROM patterns) "
                + "+ (SELECT COUNT(*) FROM joblogs) + (SELECT COUNT(*) FROM migration_history)")).containsExactly("0");
        assertThat(undoFirst.json().get("dead_letters_removed").asInt()).isPositive();
        assertThat(pendingDeadLetters()).hasSize(waiting - undoFirst.json().get("dead_letters_removed").asInt());

        // The documents load again as new rows.
        CommandRun again = migrate();
        assertThat(again.json().at("/totals/migrated").asLong()).isEqualTo(8);
    }
}
