package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run recorded while the service runs: the controller appends blocks to its log in its own folder; the hub reads
 * them in place within two seconds, leaves the file untouched, and completes the run once the log goes idle.
 */
class ExtruderLiveRouteTest extends LiveTailTestSupport {

    private static final String LOG = "run_20251201_183000.csv";

    private long stored() {
        RunRecord run = services().extruder().runs().find(LOG);
        return run == null ? -1 : run.sampleCount();
    }

    @Test
    void blocksAppearWithinTwoSecondsInPlaceAndTheRunCompletesWhenIdle() throws Exception {
        // the controller writes the header when recording starts: a run with no samples yet
        Path log = GeneratedLog.create(controllerFolder(), LOG);
        await().atMost(Duration.ofSeconds(2)).until(() -> stored() == 0);
        GeneratedLog.append(log, 1, 240);
        await().atMost(Duration.ofSeconds(2)).until(() -> stored() == 240);
        assertThat(services().extruder().runs().find(LOG).status()).isEqualTo(RunRecord.RECORDING);

        // a flush that ends in a half-written line: the complete lines load, the half waits for the next flush
        GeneratedLog.append(log, 241, 480);
        String next = GeneratedLog.row(481) + "\r\n";
        GeneratedLog.appendRaw(log, next.substring(0, 20));
        await().atMost(Duration.ofSeconds(2)).until(() -> stored() == 480);
        GeneratedLog.appendRaw(log, next.substring(20));
        GeneratedLog.append(log, 482, 720);
        await().atMost(Duration.ofSeconds(2)).until(() -> stored() == 720);

        // read in place: the log is where the controller left it, byte for byte
        assertThat(log).exists();
        StringBuilder expected = new StringBuilder(GeneratedLog.V3_HEADER).append("\r\n");
        for (long n = 1; n <= 720; n++) {
            expected.append(GeneratedLog.row(n)).append("\r\n");
        }
        assertThat(Hashing.sha256(log)).isEqualTo(Hashing.sha256(expected.toString()));
        assertThat(controllerFolder()).isDirectoryContaining(p -> p.getFileName().toString().equals(LOG));

        // idle for run-idle: complete, parity-checked, a copy archived, one batch in the ledger
        Files.setLastModifiedTime(log, FileTime.fromMillis(System.currentTimeMillis() - 5_000));
        Path reportFile = outbox().resolve("reports").resolve(IngestReport.fileName(LOG));
        await().atMost(Duration.ofSeconds(5)).until(() -> services().ledger().recent("extruder", 1).get(0).status().equals("done")
                && Json.mapper().readTree(reportFile.toFile()).path("status").asText().equals("complete"));
        assertThat(services().extruder().runs().find(LOG).status()).isEqualTo(RunRecord.COMPLETE);
        assertThat(stored()).isEqualTo(720);
        JsonNode report = Json.mapper().readTree(reportFile.toFile());
        assertThat(report.path("parity").path("match").asBoolean()).isTrue();
        assertThat(report.path("coerced_cells").path("t1_feed").asLong()).isEqualTo(720 / 97);
        List<BatchLedger.Batch> batches = services().ledger().recent("extruder", 10);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).status()).isEqualTo(BatchLedger.DONE);
        assertThat(batches.get(0).loaded()).isEqualTo(720);
        try (var archived = Files.walk(outbox().resolve("archive/extruder"))) {
            assertThat(archived.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly(LOG);
        }
        assertThat(log).exists();

        // the controller writes to the log again after its run was called complete: the run records again, nothing lost
        GeneratedLog.append(log, 721, 960);
        await().atMost(Duration.ofSeconds(2)).until(() -> stored() == 960);
        assertThat(services().extruder().runs().find(LOG).status()).isEqualTo(RunRecord.RECORDING);
        Files.setLastModifiedTime(log, FileTime.fromMillis(System.currentTimeMillis() - 5_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> services().ledger().recent("extruder", 1).get(0).status().equals("done")
                && services().ledger().recent("extruder", 10).size() == 2);
        RunRecord run = services().extruder().runs().find(LOG);
        assertThat(run.status()).isEqualTo(RunRecord.COMPLETE);
        assertThat(services().extruder().parity().check(run).match()).isTrue();
        assertThat(services().extruder().parity().check(run).csvLines()).isEqualTo(960);
    }
}
