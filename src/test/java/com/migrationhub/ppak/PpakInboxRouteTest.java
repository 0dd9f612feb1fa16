package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubTestSupport;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import org.junit.jupiter.api.Test;

/** Given PPak exports dropped into inbox/ppak while the service runs, SAMPLES.md's outcome follows. */
class PpakInboxRouteTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak");
    }

    private List<BatchLedger.Batch> awaitBatches(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getInflightRepository().size("ppak-inbox") == 0 && finished(services().ledger().recent("ppak", 100)).size() >= count);
        List<BatchLedger.Batch> batches = new ArrayList<>(finished(services().ledger().recent("ppak", 100)));
        java.util.Collections.reverse(batches);
        return batches;
    }

    private static List<BatchLedger.Batch> finished(List<BatchLedger.Batch> batches) {
        return batches.stream().filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
    }

    private JsonNode json(Path file) throws IOException {
        return Json.mapper().readTree(file.toFile());
    }

    private static JsonNode byKey(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no record with " + field + "=" + value + " in " + array);
    }

    /** The rows of a CSV file by its header's names. */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(r)) {
            return csv.stream().map(NamedCsvRecord::getFieldsAsMap).toList();
        }
    }

    @Test
    void januaryExportsLoadRejectAndReportAsSamplesSay() throws Exception {
        // Dropped out of order on purpose: the inbox still takes projects before work orders.
        drop("samples/ppak/work_orders_2024-01-15.csv", inbox("ppak"));
        drop("samples/ppak/materials_2024-01-15.csv", inbox("ppak"));
        Object droppedInode = Files.getAttribute(drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak")), "unix:ino");

        List<BatchLedger.Batch> batches = awaitBatches(3);
        assertThat(batches).extracting(BatchLedger.Batch::source)
                .containsExactly("projects_2024-01-15.csv", "materials_2024-01-15.csv", "work_orders_2024-01-15.csv");
        assertThat(batches).extracting(BatchLedger.Batch::found, BatchLedger.Batch::loaded, BatchLedger.Batch::rejected,
                        BatchLedger.Batch::skipped)
                .containsExactly(tuple(10L, 6L, 4L, 0L),
                        tuple(9L, 7L, 2L, 0L),
                        tuple(5L, 4L, 1L, 0L));

        // Rejected rows: the original cells untouched, plus _line and _reason.
        List<Map<String, String>> projectRejects = csv(outbox().resolve("dead-letter/ppak/projects_2024-01-15.csv.rejected.csv"));
        assertThat(projectRejects).extracting(r -> r.get("_line"), r -> r.get("Job Id"))
                .containsExactly(tuple("5", "1004"),
                        tuple("6", "1005"),
                        tuple("7", "1006"),
                        tuple("8", "1001"));
        assertThat(projectRejects.get(0).get("_reason")).contains("status `In Review` unmapped");
        assertThat(projectRejects.get(1).get("_reason")).contains("no bill-to customer");
        assertThat(projectRejects.get(2).get("_reason")).contains("due date 2024-03-01 before start date 2024-05-01");
        assertThat(projectRejects.get(3).get("_reason")).contains("Job Id 1001").contains("repeated in the file");
        assertThat(projectRejects.get(0).get("Sell Price")).isEqualTo("$41,075.25");
        assertThat(csv(outbox().resolve("dead-letter/ppak/materials_2024-01-15.csv.rejected.csv")))
                .extracting(r -> r.get("Inventory Code"), r -> r.get("_reason"))
                .containsExactly(tuple("BAD SKU 01", "inventory code 'BAD SKU 01' contains spaces"),
                        tuple("PP-NOCAT-1", "missing category"));
        assertThat(csv(outbox().resolve("dead-letter/ppak/work_orders_2024-01-15.csv.rejected.csv")))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("Work Order")).isEqualTo("WO-9999-01");
                    assertThat(r.get("_reason")).contains("job 9999 unknown");
                });
        assertThat(services().deadLetters().pending("ppak")).hasSize(7)
                .allSatisfy(d -> assertThat(d.kind()).isEqualTo(DeadLetter.ROW));

        // Canonical projects: numbers, trimming, the unparseable date as null.
        JsonNode projects = json(outbox().resolve("canonical/canonical_projects_2024-01-15.json"));
        assertThat(projects).hasSize(6);
        assertThat(projects.findValuesAsText("project_number"))
                .containsExactlyInAnyOrder("J-24-1001", "J-24-1002", "J-24-1003", "J-24-1007", "J-24-1008", "1009");
        JsonNode harbor = byKey(projects, "project_number", "J-24-1001");
        assertThat(harbor.get("status").asText()).isEqualTo("in_progress");
        assertThat(harbor.get("innergy_status").asText()).isEqualTo("Active");
        assertThat(harbor.get("phase").asText()).isEqualTo("fabrication");
        assertThat(harbor.get("start_date").asText()).isEqualTo("2024-01-08");
        assertThat(harbor.get("sell_price").decimalValue()).isEqualByComparingTo("182450.00");
        assertThat(harbor.get("name").asText()).isEqualTo("Harbor View Condos - Kitchens");
        JsonNode brewery = byKey(projects, "project_number", "J-24-1007");
        assertThat(brewery.get("start_date").isNull()).isTrue();
        assertThat(brewery.get("sell_price").decimalValue()).isEqualByComparingTo("12500");
        JsonNode queenAnne = byKey(projects, "project_number", "J-24-1008");
        assertThat(queenAnne.get("name").asText()).isEqualTo("Queen Anne Remodel");
        assertThat(queenAnne.get("customer").asText()).isEqualTo("The Nguyen Family");
        assertThat(queenAnne.get("phase").asText()).isEqualTo("punch_list");
        assertThat(byKey(projects, "project_number", "J-24-1002").get("notes").asText()).isEqualTo("Built-ins, \"Shaker\" style");

        // Canonical materials: SKUs mapped, unmapped codes kept and flagged, Inactive=Y, units.
        JsonNode materials = json(outbox().resolve("canonical/canonical_materials_2024-01-15.json"));
        assertThat(materials).hasSize(7);
        JsonNode door = byKey(materials, "ppak_code", "PP-DOOR-001");
        assertThat(door.get("sku").asText()).isEqualTo("CAB-DOOR-001");
        assertThat(door.get("innergy_sku").asText()).isEqualTo("INN-DOOR-001");
        assertThat(door.get("uom").asText()).isEqualTo("each");
        assertThat(door.get("unit_cost").decimalValue()).isEqualByComparingTo("84.50");
        assertThat(byKey(materials, "ppak_code", "LAMWI410-4143").get("uom").asText()).isEqualTo("sheet");
        assertThat(byKey(materials, "ppak_code", "EB-PVC-WHT-15").get("uom").asText()).isEqualTo("lf");
        assertThat(byKey(materials, "ppak_code", "EB-PVC-WHT-15").get("active").asBoolean()).isTrue();
        JsonNode stain = byKey(materials, "ppak_code", "OLD-STAIN-07");
        assertThat(stain.get("sku").asText()).isEqualTo("OLD-STAIN-07");
        assertThat(stain.get("mapped").asBoolean()).isFalse();
        assertThat(stain.get("active").asBoolean()).isFalse();
        assertThat(byKey(materials, "ppak_code", "PP-UNMAPPED-9").get("mapped").asBoolean()).isFalse();

        // Canonical work orders: under their project, material lines mapped.
        JsonNode workOrders = json(outbox().resolve("canonical/canonical_work_orders_2024-01-15.json"));
        assertThat(workOrders.findValuesAsText("work_order_number"))
                .containsExactlyInAnyOrder("WO-1001-01", "WO-1001-02", "WO-1002-01", "WO-1003-01");
        JsonNode wo = byKey(workOrders, "work_order_number", "WO-1001-01");
        assertThat(wo.get("project_number").asText()).isEqualTo("J-24-1001");
        assertThat(wo.get("materials")).hasSize(3);
        assertThat(wo.get("materials").get(0).get("sku").asText()).isEqualTo("CAB-DOOR-001");
        assertThat(wo.get("materials").get(0).get("quantity").decimalValue()).isEqualByComparingTo("48");
        JsonNode chapel = byKey(workOrders, "work_order_number", "WO-1003-01");
        assertThat(chapel.get("materials").get(0).get("mapped").asBoolean()).isFalse();

        // The summary report adds up and names the gaps.
        JsonNode summary = json(outbox().resolve("reports/migration_summary_2024-01-15.json"));
        assertThat(summary.at("/totals/found").asLong()).isEqualTo(24);
        assertThat(summary.at("/totals/loaded").asLong()).isEqualTo(17);
        assertThat(summary.at("/totals/rejected").asLong()).isEqualTo(7);
        assertThat(summary.at("/totals/counts_add_up").asBoolean()).isTrue();
        assertThat(summary.at("/unmapped_values/status").toString()).contains("In Review");
        assertThat(summary.at("/unmapped_values/material").toString()).contains("OLD-STAIN-07", "PP-UNMAPPED-9")
                .doesNotContain("BAD SKU 01").doesNotContain("PP-NOCAT-1"); // rejected rows are no mapping gap
        assertThat(summary.get("unmapped_values").has("uom")).isFalse(); // EA, SHT, LF, GAL, PR are all known units
        assertThat(summary.get("warnings").toString()).contains("line 9").contains("13/45/2024");
        assertThat(Files.readString(outbox().resolve("reports/migration_summary_2024-01-15.md")))
                .contains("| projects_2024-01-15.csv |").contains("status `In Review` unmapped");

        // Originals archived under today's folder (the inbox file itself, linked rather than copied, as the
        // consumer deletes it), the inbox emptied, a flow log written.
        Path archive = outbox().resolve("archive/ppak/" + LocalDate.now());
        try (java.io.InputStream sample = resource("samples/ppak/projects_2024-01-15.csv")) {
            assertThat(archive.resolve("projects_2024-01-15.csv")).hasBinaryContent(sample.readAllBytes());
        }
        assertThat(Files.getAttribute(archive.resolve("projects_2024-01-15.csv"), "unix:ino")).isEqualTo(droppedInode);
        assertThat(archive.resolve("work_orders_2024-01-15.csv")).exists();
        try (Stream<Path> left = Files.list(inbox("ppak"))) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
        }
        assertThat(home().resolve("logs/ppak_etl.log")).exists();
    }

    @Test
    void laterExportUpdatesProject1002AndKeepsWindows1252Text() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        awaitBatches(1);
        drop("samples/ppak/projects_2024-02-01.csv", inbox("ppak"));
        BatchLedger.Batch february = awaitBatches(2).get(1);
        assertThat(february.loaded()).isEqualTo(2);
        assertThat(february.rejected()).isZero();
        assertThat(february.details()).contains("\"updated\":1");

        JsonNode maple = services().ppak().store().find(ExportKind.PROJECTS, "J-24-1002");
        assertThat(maple.get("status").asText()).isEqualTo("in_progress");
        assertThat(maple.get("phase").asText()).isEqualTo("fabrication");
        JsonNode cafe = services().ppak().store().find(ExportKind.PROJECTS, "J-24-1010");
        assertThat(cafe.get("name").asText()).isEqualTo("Café Lumière Counter");
        assertThat(cafe.get("customer").asText()).isEqualTo("Café Lumière");
        assertThat(cafe.get("notes").asText()).isEqualTo("Façade trim, résumé of changes");
        JsonNode snapshot = json(outbox().resolve("canonical/canonical_projects_2024-02-01.json"));
        assertThat(byKey(snapshot, "project_number", "J-24-1002").get("status").asText()).isEqualTo("in_progress");
    }

    @Test
    void theSameExportDroppedAgainUnderAnotherNameIsSkippedAsADuplicate() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        awaitBatches(1);
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"), "projects_2024-01-15.resent.csv");
        BatchLedger.Batch again = awaitBatches(2).get(1);
        assertThat(again.status()).isEqualTo(BatchLedger.DUPLICATE);
        assertThat(again.found()).isEqualTo(10);
        assertThat(again.skipped()).isEqualTo(10);
        assertThat(again.loaded() + again.rejected()).isZero();
        assertThat(again.details()).contains("same content as batch");
        assertThat(services().deadLetters().pending("ppak")).hasSize(4);
        assertThat(services().ppak().store().count(ExportKind.PROJECTS)).isEqualTo(6);
    }

    @Test
    void replayLoadsProject1004OnceTheMappingHasItAndARejectedReplayStaysADeadLetter() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        awaitBatches(1);
        Map<Long, DeadLetter> byLine = new java.util.HashMap<>();
        services().deadLetters().pending("ppak").forEach(d -> byLine.put(d.line(), d));

        // An operator adds the missing status; no restart.
        Files.writeString(home().resolve("mappings/status_mapping.csv"), "In Review,in_progress,Active,added for the redrive\n",
                java.nio.file.StandardOpenOption.APPEND);

        var outcome = template.requestBody("direct:ppak-replay", byLine.get(5L), com.migrationhub.core.ReplayOutcome.class);
        assertThat(outcome.loaded()).isTrue();
        JsonNode pike = services().ppak().store().find(ExportKind.PROJECTS, "J-24-1004");
        assertThat(pike.get("status").asText()).isEqualTo("in_progress");
        assertThat(services().deadLetters().find(byLine.get(5L).id()).isReplayed()).isTrue();
        // The replayed row joins its export's snapshot; the six loaded before stay.
        JsonNode january = json(outbox().resolve("canonical/canonical_projects_2024-01-15.json"));
        assertThat(january).hasSize(7);
        assertThat(byKey(january, "project_number", "J-24-1004").get("innergy_status").asText()).isEqualTo("Active");

        var again = template.requestBody("direct:ppak-replay", byLine.get(6L), com.migrationhub.core.ReplayOutcome.class);
        assertThat(again.loaded()).isFalse();
        assertThat(again.reason()).contains("no bill-to customer");
        // The row that repeated Job Id 1001 in the export stays rejected: replaying it must not
        // overwrite the project loaded from line 2.
        var repeated = template.requestBody("direct:ppak-replay", byLine.get(8L), com.migrationhub.core.ReplayOutcome.class);
        assertThat(repeated.loaded()).isFalse();
        assertThat(repeated.reason()).contains("repeated in the file (first at line 2)");
        assertThat(services().ppak().store().find(ExportKind.PROJECTS, "J-24-1001").get("name").asText())
                .isEqualTo("Harbor View Condos - Kitchens");
        assertThat(services().deadLetters().pending("ppak")).hasSize(3)
                .extracting(DeadLetter::line).containsExactlyInAnyOrder(6L, 7L, 8L);
    }
}
