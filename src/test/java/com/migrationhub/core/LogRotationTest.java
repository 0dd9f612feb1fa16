package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log files as an operator finds them: hub.log and each flow's log roll at hub.log.max-size into
 * {@code <name>_<day>.<n>.log.gz}, and hub.log.format=json writes one JSON object per line, the key still masked.
 */
class LogRotationTest {

    @TempDir
    Path home;

    @AfterEach
    void backToTheDefaults() {
        HubLogging.configure(HubSettings.of(home, Map.of()));
    }

    private static List<String> names(Path logs) throws Exception {
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void hubLogAndAFlowLogRollBySizeIntoCompressedFilesOfTheDay() throws Exception {
        Path logs = home.resolve("logs");
        HubLogging.configure(HubSettings.of(home, Map.of("hub.log.max-size", "20 KB")));
        Logger ppak = LoggerFactory.getLogger("com.migrationhub.ppak.ExportBatches");
        String line = "batch 1: projects_2024-01-15.csv done: found 6, loaded 4, rejected 2 " + "x".repeat(100);
        for (int i = 0; i < 1_000; i++) {
            ppak.info("{} {}", i, line);
        }
        String day = LocalDate.now().toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> names(logs).containsAll(List.of(
                "ppak_etl_" + day + ".1.log.gz", "hub_" + day + ".1.log.gz")));
        assertThat(names(logs)).contains("hub.log", "ppak_etl.log");
        assertThat(Files.size(logs.resolve("ppak_etl.log"))).isLessThanOrEqualTo(21 * 1024);
        assertThat(Files.readString(logs.resolve("ppak_etl.log"))).contains("999 batch 1");
    }

    @Test
    void theJsonFormatWritesOneObjectPerLineWithTheKeyMasked() throws Exception {
        HubLogging.configure(HubSettings.of(home, Map.of("hub.log.format", "json")));
        LoggerFactory.getLogger("com.migrationhub.innergy.InnergyClient")
                .warn("GET /api/projects refused; Api-Key: very-secret-value", new IllegalStateException("boom"));
        List<String> lines = Files.readAllLines(home.resolve("logs/innergy.log"));
        assertThat(lines).hasSize(1);
        JsonNode event = Json.mapper().readTree(lines.get(0));
        assertThat(event.path("level").asText()).isEqualTo("WARN");
        assertThat(event.path("logger").asText()).isEqualTo("com.migrationhub.innergy.InnergyClient");
        assertThat(event.path("message").asText()).isEqualTo("GET /api/projects refused; Api-Key: ***");
        assertThat(event.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(event.path("error.stack_trace").asText()).contains("LogRotationTest");
        assertThat(event.path("@timestamp").asText()).endsWith("Z");
        assertThat(Files.readString(home.resolve("logs/hub.log"))).doesNotContain("very-secret-value").contains("\"service\":\"migration-hub\"");
    }
}
