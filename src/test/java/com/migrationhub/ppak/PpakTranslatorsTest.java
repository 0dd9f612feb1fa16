package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static com.migrationhub.ppak.PpakRows.MATERIAL_HEADER;
import static com.migrationhub.ppak.PpakRows.PROJECT_HEADER;
import static com.migrationhub.ppak.PpakRows.WORK_ORDER_HEADER;

import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalWorkOrder;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Flow;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three PPak translators on rows as the shipped samples have them, without Camel: each field lands where it belongs. */
class PpakTranslatorsTest {


    @TempDir
    Path home;
    private HubCore hub;
    private BatchRun run;

    @BeforeEach
    void openBatch() {
        hub = new HubCore(HubSettings.of(home, Map.of()));
        run = hub.ledger().open(Flow.PPAK.id(), "translator-test.csv", null);
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @SafeVarargs
    private RowChunk chunk(String file, List<String> header, List<String>... rows) {
        return PpakRows.chunk(run, file, header, rows);
    }

    @Test
    void aProjectRowKeepsItsPpakStatusAndPhaseUnmappedAndParsesDatesAndMoney() {
        ChunkOutcome<CanonicalProject> out = new ProjectRowTranslator().translate(chunk("projects_2024-01-15.csv", PROJECT_HEADER,
                List.of("1001", "J-24-1001", "Harbor View Condos", "Commercial", "In Progress", "Fab", "Harbor View LLC",
                        "Dana Ruiz", "dana@example.com", "(206) 555-0142", "1200 Alaskan Way", "Seattle", "WA", "98101",
                        "01/08/2024", "2024-04-30", "$182,450.00", "35", "Units 2-14")));

        assertThat(out.rejects()).isEmpty();
        CanonicalProject p = out.candidates().get(0).record();
        assertThat(p.projectNumber()).isEqualTo("J-24-1001");
        assertThat(p.ppakJobId()).isEqualTo("1001");
        assertThat(p.ppakStatus()).isEqualTo("In Progress");
        assertThat(p.ppakPhase()).isEqualTo("Fab");
        assertThat(p.status()).as("canonical status comes from the mapping tables").isNull();
        assertThat(p.innergyPhase()).isNull();
        assertThat(p.startDate()).isEqualTo(LocalDate.of(2024, 1, 8));
        assertThat(p.dueDate()).isEqualTo(LocalDate.of(2024, 4, 30));
        assertThat(p.sellPrice()).isEqualByComparingTo("182450.00");
        assertThat(p.contact()).isEqualTo(new CanonicalProject.Contact("Dana Ruiz", "dana@example.com", "(206) 555-0142"));
        assertThat(p.address()).isEqualTo(new CanonicalProject.Address("1200 Alaskan Way", "Seattle", "WA", "98101"));
    }

    @Test
    void anUnreadableDateIsStoredAsNullWithAWarningAndAShortRowIsRejected() {
        ChunkOutcome<CanonicalProject> out = new ProjectRowTranslator().translate(chunk("projects_2024-01-15.csv", PROJECT_HEADER,
                List.of("1003", "", "Brewery", "Commercial", "Approved", "Design", "Brewing Co", "", "", "", "", "", "", "",
                        "13/45/2024", "", "12500", "", ""),
                List.of("1004", "J-24-1004")));

        assertThat(out.candidates()).hasSize(1);
        CanonicalProject p = out.candidates().get(0).record();
        assertThat(p.projectNumber()).as("the job id stands in for a missing job number").isEqualTo("1003");
        assertThat(p.startDate()).isNull();
        assertThat(run.warnings()).singleElement().asString().contains("line 2").contains("start date").contains("stored as null");
        assertThat(out.rejects()).extracting(r -> r.row().line()).containsExactly(3L);
    }

    @Test
    void aMaterialRowIsKeyedByItsCodeUntilMappedAndItsInactiveFlagMustBeReadable() {
        ChunkOutcome<CanonicalMaterial> out = new MaterialRowTranslator().translate(chunk("materials_2024-01-15.csv", MATERIAL_HEADER,
                List.of("PP-DOOR-001", "Shaker door", "Doors", "EA", "$84.50", "Conestoga", "SHK-MPL-5P", "N", ""),
                List.of("PP-OLD-002", "Old hinge", "Hardware", "EA", "3.95", "Blum", "71B", "Y", ""),
                List.of("PP-BAD-003", "Odd", "Hardware", "EA", "1", "Blum", "X", "maybe", "")));

        assertThat(out.candidates()).extracting(c -> c.record().sku(), c -> c.record().ppakCode(), c -> c.record().mapped(),
                c -> c.record().innergySku(), c -> c.record().uom(), c -> c.record().ppakUom(), c -> c.record().active())
                .containsExactly(tuple("PP-DOOR-001", "PP-DOOR-001", false, null, null, "EA", true),
                        tuple("PP-OLD-002", "PP-OLD-002", false, null, null, "EA", false));
        assertThat(out.candidates().get(0).record().unitCost()).isEqualByComparingTo("84.50");
        assertThat(out.rejects()).singleElement().satisfies(r -> {
            assertThat(r.row().line()).isEqualTo(4L);
            assertThat(r.reason()).startsWith("Inactive ");
        });
    }

    @Test
    void aWorkOrderRowHasNoProjectYetAndItsMaterialsAreCodeQuantityPairs() {
        ChunkOutcome<CanonicalWorkOrder> out = new WorkOrderRowTranslator().translate(chunk("work_orders_2024-01-15.csv",
                WORK_ORDER_HEADER,
                List.of("WO-1001-01", "1001", "Base cabinets", "Production", "Open", "Production", "2024-01-15", "2024-02-20",
                        "120", "$61,000.00", "PP-DOOR-001:48; PP-HW-123:96"),
                List.of("WO-1001-02", "1001", "Install", "Installation", "Open", "Installation", "", "", "", "", "PP-DOOR-001")));

        CanonicalWorkOrder w = out.candidates().get(0).record();
        assertThat(w.projectNumber()).as("resolved later from the PPak job id").isNull();
        assertThat(w.ppakJobId()).isEqualTo("1001");
        assertThat(w.estimatedHours()).isEqualByComparingTo("120");
        assertThat(w.materials()).containsExactly(
                CanonicalWorkOrder.MaterialLine.unmapped("PP-DOOR-001", new BigDecimal("48")),
                CanonicalWorkOrder.MaterialLine.unmapped("PP-HW-123", new BigDecimal("96")));
        assertThat(out.rejects()).singleElement().extracting(ChunkOutcome.Reject::reason)
                .isEqualTo("Materials 'PP-DOOR-001' is not code:quantity");
    }
}
