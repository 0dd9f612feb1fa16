package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Hashing;
import com.migrationhub.testing.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hub trace} with every database on PostgreSQL: the PPak and extruder kinds read back as on SQLite. */
class TraceOnPostgresTest {

    @TempDir
    Path home;

    @TempDir
    Path drop;

    String hubUrl;
    String extruderUrl;

    @AfterEach
    void drop() {
        for (String url : new String[] {hubUrl, extruderUrl}) {
            if (url != null) {
                LocalPostgres.dropSchemaOf(url);
            }
        }
    }

    @Test
    void aRejectedRowAndASampleAreTracedOnPostgres() throws Exception {
        assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432 is not reachable: SKIPPED");
        hubUrl = LocalPostgres.freshSchemaUrl("trace_hub");
        extruderUrl = LocalPostgres.freshSchemaUrl("trace_extruder");
        Files.writeString(home.resolve("hub.properties"), "hub.db.url=" + hubUrl + "\nhub.extruder.db.url=" + extruderUrl
                + "\nhub.extruder.timezone=UTC\n");
        Path sample = Path.of("samples/ppak/projects_2024-01-15.csv");
        Files.createDirectories(drop.resolve("ppak"));
        Files.copy(sample, drop.resolve("ppak/projects_2024-01-15.csv"));
        assertThat(CommandRun.inHome(home, "ppak-etl", "--ppak-export-dir", drop.resolve("ppak").toString()).exitCode()).isEqualTo(1);

        JsonNode project = CommandRun.inHome(home, "trace", "project", "J-24-1002").json();
        assertThat(project.at("/source/text").asText()).isEqualTo(TraceCommandTest.line(sample, 3));
        assertThat(project.at("/source/sha256").asText()).isEqualTo(Hashing.sha256(sample));
        assertThat(project.at("/mappings/0/row").asLong()).isEqualTo(4);
        JsonNode letters = CommandRun.inHome(home, "dead-letter", "list", "--flow", "ppak").json();
        long line5 = letters.get("letters").findParents("line").stream().filter(d -> d.get("line").asLong() == 5).findFirst()
                .orElseThrow().get("id").asLong();
        JsonNode letter = CommandRun.inHome(home, "trace", "dead-letter", String.valueOf(line5)).json();
        assertThat(letter.at("/source/text").asText()).isEqualTo(TraceCommandTest.line(sample, 5));

        TraceFlowsTest.copyTree(Path.of("samples/extruder/logs"), drop.resolve("extruder/logs"));
        assertThat(CommandRun.inHome(home, "extruder-ingest", "--dir", drop.resolve("extruder").toString()).exitCode()).isIn(0, 1);
        Path log = Path.of("samples/extruder/logs/run_20251201_183000.csv");
        long runId = -1;
        for (long id = 1; id <= 10 && runId < 0; id++) {
            CommandRun r = CommandRun.inHome(home, "trace", "run", String.valueOf(id));
            if (r.exitCode() == 0 && r.json().at("/source/file").asText().equals(log.getFileName().toString())) {
                runId = id;
            }
        }
        assertThat(runId).as("the run of " + log).isPositive();
        CommandRun sampleTrace = CommandRun.inHome(home, "trace", "sample", runId + ":3");
        assertThat(sampleTrace.exitCode()).as(sampleTrace.stdout()).isZero();
        assertThat(sampleTrace.json().at("/source/text").asText()).isEqualTo(TraceCommandTest.line(log, 3));
    }
}
