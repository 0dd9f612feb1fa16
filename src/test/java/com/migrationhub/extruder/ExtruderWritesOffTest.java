package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubTestSupport;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Json;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runbook's feature flag: hub.extruder.db-writes=false reads, archives and reports a log, and writes no extruder row. */
class ExtruderWritesOffTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("extruder");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.extruder.db-writes", "false", "hub.extruder.timezone", "UTC");
    }

    @Test
    void aLogIsReadArchivedAndReportedButNothingIsWritten() throws Exception {
        drop("samples/extruder/logs/run_20251128_235800.csv", inbox("extruder").resolve("logs"));
        drop("extruder/logs/run_20251203_090000.csv", inbox("extruder").resolve("logs"));
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("extruder", 10).stream()
                .filter(b -> BatchLedger.DONE.equals(b.status())).count() == 2);

        BatchLedger.Batch batch = services().ledger().recent("extruder", 10).stream()
                .filter(b -> b.source().equals("run_20251128_235800.csv")).findFirst().orElseThrow();
        assertThat(List.of(batch.found(), batch.loaded(), batch.rejected(), batch.skipped())).containsExactly(1200L, 0L, 0L, 1200L);
        JsonNode report = Json.mapper().readTree(outbox().resolve("reports").resolve(IngestReport.fileName("run_20251128_235800.csv")).toFile());
        assertThat(report.path("db_writes").asBoolean()).isFalse();
        assertThat(report.path("note").asText()).startsWith("database writes off");
        assertThat(services().extruder().runs().all()).isEmpty();
        // rejects are still dead letters: nothing is lost while writes are off
        assertThat(services().deadLetters().pending("extruder")).hasSize(2);
        try (var archived = Files.walk(outbox().resolve("archive/extruder"))) {
            assertThat(archived.filter(Files::isRegularFile)).hasSize(2);
        }
    }
}
