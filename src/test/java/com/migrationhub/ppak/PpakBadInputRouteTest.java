package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubTestSupport;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Given messy and broken files in the inbox, each gets a clear reason and a dead letter; the route keeps going. */
class PpakBadInputRouteTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak");
    }

    private Map<String, BatchLedger.Batch> awaitBatches(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getInflightRepository().size("ppak-inbox") == 0 && services().ledger().recent("ppak", 100).stream()
                .filter(b -> !BatchLedger.RUNNING.equals(b.status())).count() >= count);
        return services().ledger().recent("ppak", 100).stream()
                .collect(Collectors.toMap(BatchLedger.Batch::source, Function.identity(), (a, b) -> a));
    }

    @Test
    void brokenFilesAreDeadLetteredWholeWithTheirReason() throws Exception {
        for (String name : List.of("customers_2024-01-15.csv", "projects_2024-03-01.csv", "materials_2024-03-02.csv",
                "work_orders_2024-03-03.csv", "projects_2024-03-05.csv")) {
            drop("ppak/" + name, inbox("ppak"));
        }
        Map<String, BatchLedger.Batch> batches = awaitBatches(5);
        Map<String, String> expected = Map.of(
                "customers_2024-01-15.csv", "unknown export name",
                "projects_2024-03-01.csv", "empty file",
                "materials_2024-03-02.csv", "undecodable bytes",
                "work_orders_2024-03-03.csv", "no recognisable work_orders header",
                "projects_2024-03-05.csv", "malformed CSV");
        Path deadLetters = outbox().resolve("dead-letter/ppak");
        expected.forEach((file, reason) -> {
            assertThat(batches.get(file).status()).as(file).isEqualTo(BatchLedger.REJECTED_FILE);
            assertThat(deadLetters.resolve(file)).as(file).exists();
            try {
                assertThat(Files.readString(deadLetters.resolve(file + ".reason.txt"))).as(file).contains(reason);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<DeadLetter> letters = services().deadLetters().pending("ppak");
        assertThat(letters).hasSize(5).allSatisfy(d -> assertThat(d.kind()).isEqualTo(DeadLetter.FILE));
        assertThat(letters).extracting(DeadLetter::sourceFile).containsExactlyInAnyOrderElementsOf(expected.keySet());

        // The route is not stuck: a good export dropped afterwards is processed.
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        assertThat(awaitBatches(6).get("projects_2024-01-15.csv").loaded()).isEqualTo(6);
    }

    @Test
    void aKilledRunIsAbandonedWhenItsExportIsTakenAgainAndItsTemporarySnapshotRemoved() throws Exception {
        Path export = drop("samples/ppak/projects_2024-01-15.csv", home().resolve("staging"));
        // What a process killed mid-load leaves: its batch still running, its half-written snapshot beside the real ones.
        com.migrationhub.core.BatchRun dead = services().ledger().open("ppak", "projects_2024-01-15.csv",
                com.migrationhub.core.Hashing.sha256(export));
        Path leftover = Files.createDirectories(outbox().resolve("canonical"))
                .resolve(".canonical_projects_2024-01-15.json." + dead.id() + ".tmp");
        Files.writeString(leftover, "[ {\"project_number\": \"half");
        Files.move(export, inbox("ppak").resolve("projects_2024-01-15.csv"));
        await().atMost(Duration.ofSeconds(30)).until(() -> BatchLedger.DONE.equals(services().ledger().recent("ppak", 1).get(0).status()));
        assertThat(services().ledger().find(dead.id()).status()).isEqualTo(BatchLedger.ABANDONED);
        assertThat(leftover).doesNotExist();
        try (var files = Files.list(outbox().resolve("canonical"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("canonical_projects_2024-01-15.json");
        }
    }

    @Test
    void crlfQuotedNewlinesSnakeCaseHeadersAndRowsOfTheWrongWidth() throws Exception {
        drop("ppak/projects_2024-03-04.csv", inbox("ppak"));
        BatchLedger.Batch batch = awaitBatches(1).get("projects_2024-03-04.csv");
        assertThat(batch.status()).isEqualTo(BatchLedger.DONE);
        assertThat(batch.found()).isEqualTo(4);
        assertThat(batch.loaded()).isEqualTo(2);
        assertThat(batch.rejected()).isEqualTo(2);

        JsonNode kitchen = services().ppak().store().find(ExportKind.PROJECTS, "J-24-2001");
        assertThat(kitchen.get("name").asText()).isEqualTo("Cabinets, kitchen");
        assertThat(kitchen.get("notes").asText()).isEqualTo("Two-line\r\nnote with \"quotes\"");
        assertThat(kitchen.get("sell_price").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(kitchen.get("due_date").asText()).isEqualTo("2024-04-01");
        JsonNode vanity = services().ppak().store().find(ExportKind.PROJECTS, "2004");
        assertThat(vanity.get("customer").asText()).isEqualTo("Smith, Jane");
        assertThat(vanity.get("start_date").asText()).isEqualTo("2024-03-02");

        assertThat(services().deadLetters().pending("ppak"))
                .extracting(DeadLetter::line, DeadLetter::reason)
                .containsExactlyInAnyOrder(
                        tuple(4L, "wrong number of cells: expected 10, found 5"),
                        tuple(5L, "wrong number of cells: expected 10, found 11"));
    }
}
