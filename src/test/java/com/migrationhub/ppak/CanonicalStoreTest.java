package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;

import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Flow;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canonical store on a real hub.db in a temporary home: what a chunk's load counts as loaded, updated, skipped, rejected. */
class CanonicalStoreTest {


    @TempDir
    Path home;
    private HubCore hub;
    private CanonicalStore store;

    @BeforeEach
    void open() {
        hub = new HubCore(HubSettings.of(home, Map.of()));
        store = new CanonicalStore(hub.hubDb(), hub.deadLetters(), new ExportBatchState.Held());
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private static List<String> material(String code, String cost) {
        return List.of(code, "desc " + code, "Hardware", "EA", cost, "Blum", "V-" + code, "N", "");
    }

    /** Translates and loads one chunk of a materials export in its own batch. */
    @SafeVarargs
    private BatchRun load(String file, List<String>... rows) {
        BatchRun run = hub.ledger().open(Flow.PPAK.id(), file, null);
        ChunkOutcome<CanonicalMaterial> outcome = new MaterialRowTranslator().translate(
                PpakRows.chunk(run, file, PpakRows.MATERIAL_HEADER, rows));
        store.load(store.prepare(outcome));
        return run;
    }

    @Test
    void aNewRowIsLoadedTheSameRowLaterIsSkippedAndAChangedOneUpdated() {
        BatchRun first = load("materials_2024-01-15.csv", material("PP-1", "1.00"), material("PP-2", "2.00"));
        assertThat(List.of(first.found(), first.loaded(), first.updated(), first.skipped(), first.rejected()))
                .containsExactly(2L, 2L, 0L, 0L, 0L);

        BatchRun second = load("materials_2024-01-16.csv", material("PP-1", "1.00"), material("PP-2", "2.50"));
        assertThat(second.skipped()).as("PP-1 unchanged").isEqualTo(1L);
        assertThat(second.loaded()).as("PP-2 written again").isEqualTo(1L);
        assertThat(second.updated()).as("of which an update of a stored row").isEqualTo(1L);
        assertThat(second.rejected()).isZero();
    }

    @Test
    void aKeyRepeatedInTheSameExportIsRejectedAsADeadLetterNamingTheFirstLine() {
        BatchRun run = load("materials_2024-01-15.csv", material("PP-1", "1.00"), material("PP-1", "9.00"));

        assertThat(run.loaded()).isEqualTo(1L);
        assertThat(run.rejected()).isEqualTo(1L);
        assertThat(hub.deadLetters().pending("ppak")).singleElement().satisfies(letter -> {
            assertThat(letter.line()).isEqualTo(3L);
            assertThat(letter.reason()).contains("PP-1").contains("line 2");
        });
    }
}
