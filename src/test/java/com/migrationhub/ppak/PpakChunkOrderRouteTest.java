package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.HubTestSupport;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With one row per chunk (chunks translated in parallel), the file still loads as a sequential run would. */
class PpakChunkOrderRouteTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.ppak.chunk-size", "1");
    }

    @Test
    void theFirstOccurrenceOfARepeatedKeyWinsWhateverTheThreads() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getInflightRepository().size("ppak-inbox") == 0
                && services().ledger().recent("ppak", 10).stream().anyMatch(b -> BatchLedger.DONE.equals(b.status())));
        BatchLedger.Batch batch = services().ledger().recent("ppak", 10).get(0);
        assertThat(batch.found()).isEqualTo(10);
        assertThat(batch.loaded()).isEqualTo(6);
        assertThat(services().deadLetters().pending("ppak")).extracting(DeadLetter::line)
                .containsExactlyInAnyOrder(5L, 6L, 7L, 8L);
        assertThat(services().deadLetters().pending("ppak")).filteredOn(d -> d.line() == 8L).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("first at line 2"));
        assertThat(services().ppak().store().find(ExportKind.PROJECTS, "J-24-1001").get("name").asText())
                .isEqualTo("Harbor View Condos - Kitchens");
    }
}
