package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Json;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1,000,000-sample run read through {@code /api/extruder/runs/{id}/samples}: downsampled on the server to at most
 * max_points points per column, a one-sample spike kept, fast enough for a chart.
 */
class ExtruderSamplesApiTest {

    private static final long ROWS = 1_000_000;
    private static final long SPIKE_ROW = 654_321;

    @TempDir
    Path home;

    @Test
    void aMillionSampleRunComesBackBoundedWithItsSpike() throws Exception {
        try (ExtruderHttpRig hub = new ExtruderHttpRig(home, Map.of())) {
            Path staging = Files.createDirectories(home.resolve("staging"));
            Path log = staging.resolve("run_20251201_183000.csv");
            try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.US_ASCII)) {
                w.write(GeneratedLog.V3_HEADER + "\r\n");
                for (long n = 1; n <= ROWS; n++) {
                    String row = GeneratedLog.row(n);
                    if (n == SPIKE_ROW) {
                        // one sample of thermal runaway on the nozzle: 312.5 °C where its neighbours are near 200
                        String[] cells = row.split(",");
                        cells[5] = "312.50";
                        row = String.join(",", cells);
                    }
                    w.write(row + "\r\n");
                }
            }
            Files.move(log, hub.inbox("logs").resolve(log.getFileName()));
            await().atMost(Duration.ofMinutes(3)).until(() -> hub.services().ledger().recent("extruder", 1).stream()
                    .anyMatch(b -> BatchLedger.DONE.equals(b.status())));
            long runId = hub.services().extruder().runs().find("run_20251201_183000.csv").id();

            String path = "/api/extruder/runs/" + runId + "/samples?columns=t3_nozzle,t2_mid&max_points=1000";
            hub.getJson(path); // the first request warms the JIT and SQLite's page cache, as a chart's first draw would
            long started = System.nanoTime();
            JsonNode body = hub.getJson(path);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("samples API: %,d samples -> %d points per column in %d ms%n", body.path("samples").asLong(),
                    body.path("points").asInt(), millis);

            assertThat(body.path("samples").asLong()).isEqualTo(ROWS);
            assertThat(body.path("downsampled").asBoolean()).isTrue();
            assertThat(body.path("resolution").asText()).isEqualTo("blocks of " + SampleBlocks.LINES + " lines");
            assertThat(body.path("points").asInt()).isBetween(900, 1000);
            assertThat(body.path("t")).hasSize(body.path("points").asInt());
            JsonNode nozzle = body.path("columns").path("t3_nozzle");
            assertThat(nozzle.path("max")).hasSize(body.path("points").asInt());
            double highest = 0;
            for (JsonNode v : nozzle.path("max")) {
                highest = Math.max(highest, v.asDouble());
            }
            assertThat(highest).as("the one-sample spike survives downsampling").isEqualTo(312.5);
            JsonNode t = body.path("t");
            for (int i = 1; i < t.size(); i++) {
                assertThat(t.get(i).asLong()).isGreaterThan(t.get(i - 1).asLong());
            }
            // the rollup the points came from is the samples' own, block by block, after 200 chunks merged into it
            RollupCheck.assertAgreesWithSamples(hub.services().extruder().db());
            // finer than the rollup: the samples themselves are grouped, and the spike is there too
            started = System.nanoTime();
            JsonNode fine = hub.getJson("/api/extruder/runs/" + runId + "/samples?columns=t3_nozzle&max_points=20000");
            System.out.printf("samples API from the samples themselves: %d points in %d ms%n", fine.path("points").asInt(),
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(fine.path("resolution").asText()).isEqualTo("buckets of samples");
            assertThat(fine.path("points").asInt()).isBetween(18_000, 20_000);
            double finest = 0;
            for (JsonNode v : fine.path("columns").path("t3_nozzle").path("max")) {
                finest = Math.max(finest, v.asDouble());
            }
            assertThat(finest).isEqualTo(312.5);
            started = System.nanoTime();
            JsonNode summary = hub.getJson("/api/extruder/runs/" + runId);
            System.out.printf("run summary API: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(summary.path("heater_limit").path("samples_above").asLong()).isEqualTo(1);
            assertThat(summary.path("heater_limit").path("seconds_above").asDouble()).isEqualTo(0.25);
            assertThat(summary.path("columns").path("t3_nozzle").path("max").asDouble()).isEqualTo(312.5);
            try (java.sql.Connection c = hub.services().extruder().db().connection(); java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT MIN(t2_mid), AVG(t2_mid), COUNT(*) - COUNT(t2_mid) FROM run_samples")) {
                rs.next();
                JsonNode mid = summary.path("columns").path("t2_mid");
                assertThat(mid.path("min").asDouble()).isEqualTo(rs.getDouble(1));
                assertThat(mid.path("mean").asDouble()).isCloseTo(rs.getDouble(2), org.assertj.core.api.Assertions.within(1e-9));
                assertThat(mid.path("nulls").asLong()).isEqualTo(rs.getLong(3));
            }
        }
    }
}
