package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hub trace} for the extruder's and RMOS's kinds, through the real one-shot commands over the samples: each
 * trace names the file, the line or document as it was (checked against the sample byte for byte), and the batch.
 */
class TraceFlowsTest {

    @TempDir
    Path home;

    @TempDir
    Path drop;

    final AnswerSchemas schemas = new AnswerSchemas();

    CommandRun hub(String... args) {
        return CommandRun.inHome(home, args);
    }

    JsonNode found(String kind, String key) {
        CommandRun run = hub("trace", kind, key);
        assertThat(run.exitCode()).as(kind + " " + key + ": " + run.stdout() + run.stderr()).isZero();
        JsonNode t = schemas.check(run, "trace");
        assertThat(t.at("/subject/kind").asText()).isEqualTo(kind);
        TraceCommandTest.assertOldestFirst(t.get("timeline"));
        return t;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    @Test
    void extruderRunsSamplesProfilesEventsAndAlarmsAreTracedToTheirLinesAndDocuments() throws Exception {
        Files.writeString(home.resolve("hub.properties"), "hub.extruder.timezone=UTC\nhub.extruder.profile-name=line-1\n");
        copyTree(Path.of("samples/extruder"), drop);
        CommandRun ingest = hub("extruder-ingest", "--dir", drop.toString());
        assertThat(ingest.exitCode()).as(ingest.stdout() + ingest.stderr()).isIn(0, 1);

        Path log = Path.of("samples/extruder/logs/run_20251201_183000.csv");
        long runId = -1;
        for (long id = 1; id <= 10 && runId < 0; id++) {
            CommandRun r = hub("trace", "run", String.valueOf(id));
            if (r.exitCode() == 0 && r.json().at("/source/file").asText().equals(log.getFileName().toString())) {
                runId = id;
            }
        }
        assertThat(runId).as("the run of " + log).isPositive();
        JsonNode run = found("run", String.valueOf(runId));
        assertThat(run.at("/source/text").asText()).isEqualTo(TraceCommandTest.line(log, 1));
        assertThat(run.at("/source/sha256").asText()).isEqualTo(com.migrationhub.core.Hashing.sha256(log));

        JsonNode sample = found("sample", runId + ":3");
        assertThat(sample.at("/source/line").asLong()).isEqualTo(3);
        assertThat(sample.at("/source/text").asText()).isEqualTo(TraceCommandTest.line(log, 3));
        assertThat(sample.at("/record/run/id").asLong()).isEqualTo(runId);
        assertThat(sample.at("/batch/id").asLong()).isEqualTo(run.at("/batch/id").asLong());
        assertThat(sample.get("record").has("profile")).isTrue();

        JsonNode profile = found("profile", "line-1:1");
        Path config = Path.of("samples/extruder/config", profile.at("/source/file").asText());
        assertThat(config).exists();
        assertThat(profile.at("/source/text").asText()).isNotEqualTo("archived original gone")
                .isEqualTo(Files.readString(Path.of(profile.at("/source/archive").asText()), StandardCharsets.UTF_8));
        assertThat(profile.get("versions")).isNotEmpty();

        JsonNode event = found("event", "1");
        Path events = Path.of("samples/extruder/events", event.at("/source/file").asText());
        assertThat(event.at("/source/text").asText()).isEqualTo(TraceCommandTest.line(events, (int) event.at("/source/line").asLong()));

        String alarmId = "2fc3f247-5f58-4e3c-ac3b-3a41766eb7da";
        JsonNode alarm = found("alarm", alarmId);
        assertThat(alarm.at("/source/text").asText()).isEqualTo(Files.readString(Path.of("samples/extruder/events/alarms.json")));

        assertThat(hub("trace", "sample", runId + ":999999").exitCode()).isEqualTo(1);
        assertThat(hub("trace", "sample", "nothing").exitCode()).isEqualTo(2);
        assertThat(hub("trace", "profile", "line-1").exitCode()).isEqualTo(2);
    }

    @Test
    void anRmosRecordIsTracedToItsDocument() throws Exception {
        copyTree(Path.of("samples/rmos"), drop);
        CommandRun migrate = hub("rmos-migrate", "--data-dir", drop.toString());
        assertThat(migrate.exitCode()).as(migrate.stdout() + migrate.stderr()).isIn(0, 1);

        JsonNode pattern = found("rmos", "pattern:pat-herringbone-3");
        Path document = Path.of("samples/rmos/patterns/herringbone-3.json");
        assertThat(pattern.at("/source/file").asText()).isEqualTo("patterns/herringbone-3.json");
        assertThat(pattern.at("/source/text").asText()).isEqualTo(Files.readString(document, StandardCharsets.UTF_8));
        assertThat(pattern.at("/source/sha256").asText()).isEqualTo(com.migrationhub.core.Hashing.sha256(document));
        assertThat(pattern.at("/record/id").asText()).isEqualTo("pat-herringbone-3");
        assertThat(pattern.at("/versions/0/batch").asLong()).isEqualTo(pattern.at("/batch/id").asLong());

        assertThat(hub("trace", "rmos", "pattern:pat-nothing").exitCode()).isEqualTo(1);
        assertThat(hub("trace", "rmos", "invoice:1").exitCode()).isEqualTo(2);
    }
}
