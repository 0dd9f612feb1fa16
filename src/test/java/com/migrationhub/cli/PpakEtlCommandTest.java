package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automation agent's view: {@code ./hub ppak-etl} and {@code ./hub dead-letter} with exit codes and --json. */
class PpakEtlCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path exports;

    private void export(String sample) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/ppak/" + sample)) {
            Files.copy(in, exports.resolve(sample));
        }
    }

    @Test
    void oneShotOverAnExportFolderReportsAndExitsOneWhenRowsAreRejected() throws Exception {
        for (String s : new String[] {"projects_2024-01-15.csv", "materials_2024-01-15.csv", "work_orders_2024-01-15.csv",
                "projects_2024-02-01.csv"}) {
            export(s);
        }
        CommandRun run = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        JsonNode result = run.json();
        assertThat(result.at("/totals/found").asLong()).isEqualTo(26);
        assertThat(result.at("/totals/loaded").asLong()).isEqualTo(19);
        assertThat(result.at("/totals/rejected").asLong()).isEqualTo(7);
        assertThat(result.get("files")).hasSize(4);
        // A foreign export folder is read, not emptied; the originals are archived as copies.
        assertThat(exports.resolve("projects_2024-01-15.csv")).exists();
        Path archived = home.resolve("outbox/archive/ppak/" + java.time.LocalDate.now() + "/projects_2024-01-15.csv");
        assertThat(archived).hasSameBinaryContentAs(exports.resolve("projects_2024-01-15.csv"));
        assertThat(Files.getAttribute(archived, "unix:ino")).isNotEqualTo(Files.getAttribute(exports.resolve("projects_2024-01-15.csv"), "unix:ino"));
        assertThat(home.resolve("outbox/canonical/canonical_projects_2024-02-01.json")).exists();
        assertThat(home.resolve("outbox/reports/migration_summary_2024-02-01.md")).exists();

        CommandRun list = CommandRun.of("dead-letter", "list", "--flow", "ppak", "--home", home.toString(), "--json");
        assertThat(list.exitCode()).isZero();
        assertThat(list.json().get("count").asInt()).isEqualTo(7);

        // The operator adds the missing status mapping and redrives everything: 1004 loads, the rest stay.
        Files.writeString(home.resolve("mappings/status_mapping.csv"), "In Review,in_progress,Active,...\n",
                java.nio.file.StandardOpenOption.APPEND);
        CommandRun replay = CommandRun.of("dead-letter", "replay", "--flow", "ppak", "--all", "--home", home.toString(), "--json");
        assertThat(replay.exitCode()).as(replay.stderr()).isEqualTo(1);
        assertThat(replay.json().get("loaded").asInt()).isEqualTo(1);
        assertThat(replay.json().get("rejected").asInt()).isEqualTo(6);
        assertThat(replay.json().get("results").toString()).contains("repeated in the file");
        assertThat(CommandRun.of("dead-letter", "list", "--flow", "ppak", "--home", home.toString(), "--json")
                .json().get("count").asInt()).isEqualTo(6);
    }

    @Test
    void aNameTheConsumerCannotReadIsDeadLetteredAndTheOneShotRunEndsPromptly() throws Exception {
        export("projects_2024-02-01.csv");
        // Camel reads '\\' as a folder separator: never taken, so never waited for either (the run used to wait 2 hours)
        Files.writeString(exports.resolve("projects_2024-02-02\\odd.csv"), "id\n");
        CommandRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(90),
                () -> CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json"));
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.json().get("complete").asBoolean()).isTrue();
        CommandRun list = CommandRun.of("dead-letter", "list", "--flow", "ppak", "--home", home.toString(), "--json");
        assertThat(list.stdout()).contains("backslash");
    }

    @Test
    void aHalfWrittenExportInAForeignFolderIsDeadLetteredAndNotArchived() throws Exception {
        export("projects_2024-02-01.csv");
        try (InputStream in = getClass().getResourceAsStream("/ppak/projects_2024-03-05.csv")) {
            Files.copy(in, exports.resolve("projects_2024-03-05.csv"));
        }
        CommandRun run = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.json().at("/totals/rejected_files").asInt()).isEqualTo(1);
        Path archive = home.resolve("outbox/archive/ppak/" + java.time.LocalDate.now());
        assertThat(archive.resolve("projects_2024-02-01.csv")).hasSameBinaryContentAs(exports.resolve("projects_2024-02-01.csv"));
        assertThat(archive.resolve("projects_2024-03-05.csv")).doesNotExist();
        assertThat(home.resolve("outbox/dead-letter/ppak/projects_2024-03-05.csv.reason.txt")).content()
                .contains("malformed CSV").contains("never closed");
    }

    @Test
    void dateRangeSelectsExportsByTheDateInTheirNameAndACleanRunExitsZero() throws Exception {
        export("projects_2024-01-15.csv");
        export("projects_2024-02-01.csv");
        CommandRun run = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(),
                "--date-range", "2024-02-01,2024-02-29", "--json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.json().get("files")).singleElement()
                .satisfies(f -> assertThat(f.get("source").asText()).isEqualTo("projects_2024-02-01.csv"));
        assertThat(run.json().at("/totals/loaded").asLong()).isEqualTo(2);
    }

    @Test
    void theSameFilesAgainAreSkippedAsDuplicates() throws Exception {
        export("projects_2024-02-01.csv");
        assertThat(CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString()).exitCode()).isZero();
        CommandRun again = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        assertThat(again.exitCode()).isZero();
        assertThat(again.json().at("/totals/skipped").asLong()).isEqualTo(2);
        assertThat(again.json().at("/files/0/status").asText()).isEqualTo("duplicate");
    }

    @Test
    void aBrokenRmosDatabaseUrlDoesNotStopThePpakFlow() throws Exception {
        export("projects_2024-02-01.csv");
        Files.writeString(home.resolve("hub.properties"), "hub.rmos.db.url=jdbc:postgresql://127.0.0.1:1/nowhere\n");
        CommandRun run = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.json().at("/totals/loaded").asLong()).isEqualTo(2);
    }

    @Test
    void usageAndConfigurationErrorsExitTwo() {
        assertThat(CommandRun.of("ppak-etl", "--home", home.toString(), "--date-range", "2024-13-01").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", home.resolve("nope").toString())
                .exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("ppak-etl", "--no-such-flag").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("dead-letter", "replay", "--flow", "ppak", "--home", home.toString()).exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("dead-letter", "list", "--flow", "nope", "--home", home.toString()).exitCode()).isEqualTo(2);
    }
}
