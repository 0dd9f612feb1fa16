package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static com.migrationhub.ppak.PpakRows.MATERIAL_HEADER;
import static com.migrationhub.ppak.PpakRows.PROJECT_HEADER;
import static com.migrationhub.ppak.PpakRows.WORK_ORDER_HEADER;
import static com.migrationhub.ppak.PpakRows.chunk;

import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalWorkOrder;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Flow;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content enricher without Camel, on the shipped mapping tables and a real hub.db: PPak values become canonical and
 * INNERGY ones, a missing status mapping rejects the row, other gaps are kept and noted, and work orders find their project.
 */
class MappingEnricherTest {


    @TempDir
    Path home;
    private HubCore hub;
    private CanonicalStore store;
    private MappingEnricher enricher;

    @BeforeEach
    void open() throws Exception {
        Path mappings = Files.createDirectories(home.resolve("mappings"));
        for (MappingTables.Table table : MappingTables.Table.values()) {
            Files.copy(Path.of("mappings", table.file()), mappings.resolve(table.file()));
        }
        hub = new HubCore(HubSettings.of(home, Map.of()));
        ExportBatchState.Held states = new ExportBatchState.Held();
        store = new CanonicalStore(hub.hubDb(), hub.deadLetters(), states);
        MappingTables tables = new MappingTables(mappings);
        enricher = new MappingEnricher(tables, store, new AppliedMappings(hub.hubDb(), tables, states, true));
    }

    @AfterEach
    void close() {
        hub.close();
    }


    private static List<String> project(String jobId, String status, String phase) {
        return List.of(jobId, "J-24-" + jobId, "Kitchen " + jobId, "Residential", status, phase, "Customer", "", "", "",
                "", "", "", "", "2024-01-08", "2024-04-30", "1000", "0", "");
    }

    @Test
    void projectStatusesAndPhasesAreMappedAndAnUnmappedStatusRejectsTheRow() {
        BatchRun run = hub.ledger().open(Flow.PPAK.id(), "projects_2024-01-15.csv", null);
        ChunkOutcome<CanonicalProject> out = enricher.noteGaps(enricher.enrichProjects(new ProjectRowTranslator().translate(
                chunk(run, "projects_2024-01-15.csv", PROJECT_HEADER,
                        project("1001", "In Progress", "Fab"),
                        project("1002", "Mothballed", "Fab"),
                        project("1003", "Approved", "Sanding")))));

        assertThat(out.candidates()).extracting(c -> c.record().projectNumber(), c -> c.record().status(),
                        c -> c.record().innergyStatus(), c -> c.record().phase(), c -> c.record().innergyPhase())
                .containsExactly(tuple("J-24-1001", "in_progress", "Active", "fabrication", "Fabrication"),
                        tuple("J-24-1003", "approved", "Approved", null, null));
        assertThat(out.rejects()).singleElement().satisfies(r -> {
            assertThat(r.row().line()).isEqualTo(3L);
            assertThat(r.reason()).isEqualTo("status `Mothballed` unmapped (add it to status_mapping.csv)");
        });
        assertThat(run.unmappedValues()).containsEntry("status", List.of("Mothballed")).containsEntry("phase", List.of("Sanding"));
        assertThat(run.warnings()).singleElement().asString().contains("line 4").contains("phase `Sanding` unmapped");
    }

    @Test
    void materialsTakeTheirMappedSkuAndUnitAndAnUnknownCodeIsKeptAsItIs() {
        BatchRun run = hub.ledger().open(Flow.PPAK.id(), "materials_2024-01-15.csv", null);
        ChunkOutcome<CanonicalMaterial> out = enricher.noteGaps(enricher.enrichMaterials(new MaterialRowTranslator().translate(
                chunk(run, "materials_2024-01-15.csv", MATERIAL_HEADER,
                        List.of("PP-DOOR-001", "Shaker door", "Doors", "EA", "84.50", "Conestoga", "SHK", "N", ""),
                        List.of("PP-NEW-777", "New thing", "Hardware", "BUNDLE", "1", "Blum", "X", "N", "")))));

        assertThat(out.rejects()).isEmpty();
        assertThat(out.candidates()).extracting(c -> c.record().sku(), c -> c.record().innergySku(), c -> c.record().mapped(),
                        c -> c.record().uom())
                .containsExactly(tuple("CAB-DOOR-001", "INN-DOOR-001", true, "each"),
                        tuple("PP-NEW-777", null, false, "bundle"));
        assertThat(run.unmappedValues()).containsEntry("material", List.of("PP-NEW-777")).containsEntry("uom", List.of("BUNDLE"));
    }

    @Test
    void aWorkOrderFindsItsProjectByJobIdOrIsRejectedAndItsMaterialLinesAreMapped() {
        BatchRun projects = hub.ledger().open(Flow.PPAK.id(), "projects_2024-01-15.csv", null);
        store.load(store.prepare(enricher.enrichProjects(new ProjectRowTranslator().translate(
                chunk(projects, "projects_2024-01-15.csv", PROJECT_HEADER, project("1001", "In Progress", "Fab"))))));

        BatchRun run = hub.ledger().open(Flow.PPAK.id(), "work_orders_2024-01-15.csv", null);
        ChunkOutcome<CanonicalWorkOrder> out = enricher.noteGaps(enricher.enrichWorkOrders(new WorkOrderRowTranslator().translate(
                chunk(run, "work_orders_2024-01-15.csv", WORK_ORDER_HEADER,
                        List.of("WO-1001-01", "1001", "Base cabinets", "Production", "Open", "Production", "", "", "", "",
                                "PP-DOOR-001:48; PP-ODD-9:2"),
                        List.of("WO-9999-01", "9999", "Orphan", "Production", "Open", "Production", "", "", "", "", "")))));

        assertThat(out.candidates()).singleElement().satisfies(c -> {
            assertThat(c.record().projectNumber()).isEqualTo("J-24-1001");
            assertThat(c.record().materials()).containsExactly(
                    new CanonicalWorkOrder.MaterialLine("PP-DOOR-001", "CAB-DOOR-001", true, new BigDecimal("48")),
                    new CanonicalWorkOrder.MaterialLine("PP-ODD-9", "PP-ODD-9", false, new BigDecimal("2")));
        });
        assertThat(out.rejects()).singleElement().satisfies(r ->
                assertThat(r.reason()).isEqualTo("job 9999 unknown: no project with that Job Id has been loaded"));
        assertThat(run.unmappedValues()).containsEntry("material", List.of("PP-ODD-9"));
    }
}
