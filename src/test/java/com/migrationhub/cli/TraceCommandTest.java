package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Hashing;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hub trace} through the real commands and routes: a PPak row rejected (status `In Review` unmapped, samples'
 * projects_2024-01-15.csv line 5), fixed by a mapping edit and replayed, imported live to the INNERGY sandbox and
 * updated by a later export; every step checked against the source files byte for byte.
 */
class TraceCommandTest {

    static final String KEY = "trace-test-key-23";
    static final Path SAMPLE = Path.of("samples/ppak/projects_2024-01-15.csv");

    @TempDir
    Path home;

    @TempDir
    Path exports;

    final AnswerSchemas schemas = new AnswerSchemas();
    InnergySandbox sandbox;

    @BeforeEach
    void sandbox() throws IOException {
        sandbox = SandboxHome.start(home, KEY); // import-projects --live goes to it
    }

    @AfterEach
    void closeSandbox() {
        sandbox.close();
    }

    CommandRun hub(String... args) {
        return CommandRun.inHome(home, args);
    }

    void etl(Path... files) throws IOException {
        for (Path f : files) {
            Files.copy(f, exports.resolve(f.getFileName()));
        }
        CommandRun run = hub("ppak-etl", "--ppak-export-dir", exports.toString());
        assertThat(run.exitCode()).as(run.stderr()).isIn(0, 1);
    }

    /** The physical line {@code n} of a file (1 = first), as UTF-8 text without its line break, a BOM dropped. */
    static String line(Path file, int n) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.split("\r?\n", -1)[n - 1];
    }

    @Test
    void aRejectedRowFixedReplayedImportedAndUpdatedIsTracedFromItsInnergyIdBackToLine5() throws Exception {
        etl(SAMPLE);
        CommandRun before = hub("trace", "project", "J-24-1004");
        assertThat(before.exitCode()).as(before.stdout()).isEqualTo(1);
        assertThat(schemas.check(before, "trace").get("found").asBoolean()).isFalse();

        // the operator adds the missing status to the mapping, then replays the dead letter
        Path statusMapping = home.resolve("mappings/status_mapping.csv");
        byte[] original = Files.readAllBytes(statusMapping);
        Files.writeString(statusMapping, "In Review,approved,Approved,added after the In Review rejects\n", StandardOpenOption.APPEND);
        byte[] fixed = Files.readAllBytes(statusMapping);
        long fixedRow = new String(fixed, StandardCharsets.UTF_8).lines().count();
        long deadLetter = deadLetterId("J-24-1004");
        CommandRun replay = hub("dead-letter", "replay", "--flow", "ppak", "--id", String.valueOf(deadLetter));
        assertThat(replay.exitCode()).as(replay.stdout()).isZero();
        long replayBatch = replay.json().at("/results/0/batch_id").asLong();

        CommandRun imported = hub("import-projects", "--live");
        assertThat(imported.exitCode()).as(imported.stdout()).isIn(0, 1);

        // a later export changes the project: a new version, delivered as an update
        Path later = exports.resolveSibling(exports.getFileName() + "-later");
        Files.createDirectories(later);
        String header = line(SAMPLE, 1);
        String changed = line(SAMPLE, 5).replace("\"$41,075.25\",90", "\"$43,000.00\",95");
        Path laterExport = later.resolve("projects_2024-03-01.csv");
        Files.writeString(laterExport, header + "\r\n" + changed + "\r\n");
        etl(laterExport);
        CommandRun updated = hub("import-projects", "--live");
        assertThat(updated.exitCode()).as(updated.stdout()).isIn(0, 1);

        JsonNode project = schemas.check(hub("trace", "project", "J-24-1004"), "trace");
        String innergyId = project.at("/deliveries/0/id").asText();
        assertThat(innergyId).isNotBlank();
        assertThat(project.get("deliveries")).extracting(d -> d.get("operation").asText() + " " + d.get("id").asText()
                + " " + d.get("target").asText()).containsExactly("created " + innergyId + " innergy", "updated " + innergyId + " innergy");

        // the current version: the later export's line 2, byte for byte
        assertThat(project.at("/source/file").asText()).isEqualTo("projects_2024-03-01.csv");
        assertThat(project.at("/source/line").asLong()).isEqualTo(2);
        assertThat(project.at("/source/text").asText()).isEqualTo(changed);
        assertThat(project.at("/source/sha256").asText()).isEqualTo(Hashing.sha256(laterExport));
        assertThat(project.at("/record/project_number").asText()).isEqualTo("J-24-1004");
        assertThat(project.at("/record/ppak_status").asText()).isEqualTo("In Review");
        assertThat(project.at("/record/status").asText()).isEqualTo("approved");
        // two versions: the replay's (replaced by the later export's batch), then the later export's
        JsonNode versions = project.get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("batch").asLong()).isEqualTo(replayBatch);
        assertThat(versions.get(0).get("superseded_by").asLong()).isEqualTo(project.at("/batch/id").asLong());
        assertThat(versions.get(1).get("superseded_by").isNull()).isTrue();
        // the rejection and the replay that loaded it
        assertThat(project.get("dead_letters")).hasSize(1);
        assertThat(project.at("/dead_letters/0/id").asLong()).isEqualTo(deadLetter);
        assertThat(project.at("/dead_letters/0/reason").asText()).isEqualTo("status `In Review` unmapped (add it to status_mapping.csv)");
        assertThat(project.at("/dead_letters/0/replay_batch").asLong()).isEqualTo(replayBatch);
        // the later batch applied the fixed mapping: its row and the file's hash as it was then
        assertThat(project.get("mappings")).extracting(m -> m.get("file").asText() + " " + m.get("row").asLong() + " "
                + m.get("from").asText() + " -> " + m.get("to").asText() + " " + m.get("file_sha256").asText())
                .containsExactly("status_mapping.csv " + fixedRow + " In Review -> approved " + Hashing.sha256(fixed),
                        "phase_mapping.csv 6 Install -> installation " + Hashing.sha256(Files.readAllBytes(home.resolve(
                                "mappings/phase_mapping.csv"))));
        assertOldestFirst(project.get("timeline"));
        assertThat(project.get("timeline").toString()).contains("projects_2024-01-15.csv line 5", "replayed", "INNERGY: created",
                "INNERGY: updated", "projects_2024-03-01.csv taken");

        // from the INNERGY id back to the same record
        JsonNode byId = schemas.check(hub("trace", "innergy", innergyId), "trace");
        assertThat(byId.at("/subject/kind").asText()).isEqualTo("innergy");
        assertThat(byId.at("/record/project_number").asText()).isEqualTo("J-24-1004");
        assertThat(byId.get("versions")).isEqualTo(versions);

        // the dead letter's own trace: the exact line 5 of the sample, from the archived original
        JsonNode letter = schemas.check(hub("trace", "dead-letter", String.valueOf(deadLetter)), "trace");
        assertThat(letter.at("/source/file").asText()).isEqualTo("projects_2024-01-15.csv");
        assertThat(letter.at("/source/line").asLong()).isEqualTo(5);
        assertThat(letter.at("/source/text").asText()).isEqualTo(line(SAMPLE, 5));
        assertThat(letter.at("/source/sha256").asText()).isEqualTo(Hashing.sha256(SAMPLE));
        assertThat(letter.at("/source/size").asLong()).isEqualTo(Files.size(SAMPLE));
        assertThat(Files.readAllBytes(Path.of(letter.at("/source/archive").asText()))).isEqualTo(Files.readAllBytes(SAMPLE));
        assertThat(letter.at("/dead_letters/0/replay_batch").asLong()).isEqualTo(replayBatch);
        assertThat(original).isNotEqualTo(fixed);
    }

    @Test
    void aMappingEditedAfterTheLoadStillShowsTheVersionAndRowThatApplied() throws Exception {
        Path materials = Path.of("samples/ppak/materials_2024-01-15.csv");
        Path workOrders = Path.of("samples/ppak/work_orders_2024-01-15.csv");
        Path statusMapping = home.resolve("mappings/status_mapping.csv");
        Path materialMapping = home.resolve("mappings/material_mapping.csv");
        etl(SAMPLE, materials, workOrders);
        byte[] statusAsLoaded = Files.readAllBytes(statusMapping);
        byte[] materialAsLoaded = Files.readAllBytes(materialMapping);

        // edited since: a row inserted at the top (every row moves down one) and In Progress mapped elsewhere
        String status = new String(statusAsLoaded, StandardCharsets.UTF_8);
        int afterHeader = status.indexOf('\n') + 1;
        Files.writeString(statusMapping, status.substring(0, afterHeader) + "Pending,draft,Draft,new\n"
                + status.substring(afterHeader).replace("In Progress,in_progress,Active", "In Progress,on_hold,OnHold"));
        String material = new String(materialAsLoaded, StandardCharsets.UTF_8);
        Files.writeString(materialMapping, material.replace("PP-DOOR-001,CAB-DOOR-001", "PP-DOOR-001,CAB-DOOR-009"));

        JsonNode project = schemas.check(hub("trace", "project", "1001"), "trace"); // by PPak job id
        assertThat(project.at("/record/project_number").asText()).isEqualTo("J-24-1001");
        assertThat(project.at("/source/text").asText()).isEqualTo(line(SAMPLE, 2));
        assertThat(project.at("/mappings/0/file").asText()).isEqualTo("status_mapping.csv");
        assertThat(project.at("/mappings/0/row").asLong()).isEqualTo(5);
        assertThat(line(SAMPLE, 1).isEmpty()).isFalse();
        assertThat(new String(statusAsLoaded, StandardCharsets.UTF_8).split("\n")[4]).startsWith("In Progress,in_progress,");
        assertThat(project.at("/mappings/0/from").asText()).isEqualTo("In Progress");
        assertThat(project.at("/mappings/0/to").asText()).isEqualTo("in_progress");
        assertThat(project.at("/mappings/0/file_sha256").asText()).isEqualTo(Hashing.sha256(statusAsLoaded))
                .isNotEqualTo(Hashing.sha256(statusMapping));

        JsonNode door = schemas.check(hub("trace", "material", "CAB-DOOR-001"), "trace");
        assertThat(door.at("/source/text").asText()).isEqualTo(line(materials, 2));
        assertThat(door.at("/source/sha256").asText()).isEqualTo(Hashing.sha256(materials));
        assertThat(door.get("mappings")).extracting(m -> m.get("row").asLong() + " " + m.get("from").asText() + " -> "
                + m.get("to").asText() + " " + m.get("file_sha256").asText())
                .containsExactly("2 PP-DOOR-001 -> CAB-DOOR-001 " + Hashing.sha256(materialAsLoaded));

        JsonNode order = schemas.check(hub("trace", "work-order", "WO-1001-01"), "trace");
        assertThat(order.at("/source/text").asText()).isEqualTo(line(workOrders, 2));
        assertThat(order.at("/source/line").asLong()).isEqualTo(2);
        assertThat(order.get("mappings")).extracting(m -> m.get("from").asText() + " " + m.get("row").asLong())
                .containsExactly("PP-DOOR-001 2", "PP-HW-123 3", "LAMWI410-4143 4");
        assertThat(order.get("mappings")).allSatisfy(m -> assertThat(m.get("file_sha256").asText())
                .isEqualTo(Hashing.sha256(materialAsLoaded)));

        // the material sync delivers the master library's SKUs: the canonical material's deliveries
        CommandRun sync = hub("sync-materials", "--live");
        assertThat(sync.exitCode()).as(sync.stdout()).isIn(0, 1);
        JsonNode synced = schemas.check(hub("trace", "material", "CAB-DOOR-001"), "trace");
        assertThat(synced.get("deliveries")).extracting(d -> d.get("target").asText() + " " + d.get("operation").asText())
                .containsExactly("innergy created");
        assertThat(synced.get("timeline").toString()).contains("INNERGY: created");

        // not stored: exit 1; an unknown kind or a malformed key: exit 2
        assertThat(hub("trace", "project", "J-99-0000").exitCode()).isEqualTo(1);
        CommandRun badKind = hub("trace", "invoice", "1");
        assertThat(badKind.exitCode()).isEqualTo(2);
        assertThat(schemas.check(badKind, "trace").get("error").asText()).contains("unknown kind");
        assertThat(hub("trace", "dead-letter", "abc").exitCode()).isEqualTo(2);
    }

    long deadLetterId(String projectNumber) {
        JsonNode list = hub("dead-letter", "list", "--flow", "ppak").json();
        List<Long> ids = new ArrayList<>();
        list.findParents("reason").forEach(d -> {
            if (d.path("line").asLong() == 5 && d.path("source_file").asText().equals("projects_2024-01-15.csv")) {
                ids.add(d.get("id").asLong());
            }
        });
        assertThat(ids).as(list.toString()).hasSize(1);
        return ids.get(0);
    }

    static void assertOldestFirst(JsonNode timeline) {
        Instant previous = Instant.MIN;
        for (JsonNode step : timeline) {
            Instant at = Instant.parse(step.get("at").asText());
            assertThat(at).isAfterOrEqualTo(previous);
            previous = at;
        }
    }
}
