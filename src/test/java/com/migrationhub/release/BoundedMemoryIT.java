package com.migrationhub.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import com.migrationhub.extruder.GeneratedLog;
import com.migrationhub.testing.LargeInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The large cases under the heap the release's launcher sets (-Xmx512m, no HUB_JAVA_OPTS): a 200,000-row PPak
 * export and a 1,000,000-line extruder log, each through {@code bin/hub} in its own JVM, with the peak resident
 * memory measured (README: Memory). Without --json the commands show their progress on stderr as plain lines.
 */
class BoundedMemoryIT {

    /** What the README tells a shop to give the hub: the 512 MB heap plus the JVM's own memory. */
    private static final long RSS_LIMIT_MB = 1024;

    @TempDir
    static Path dir;

    static Path release;

    @BeforeAll
    static void unpack() throws Exception {
        release = ReleaseArchive.unpack(Files.createDirectories(dir.resolve("install")));
    }

    /** Runs bin/hub to its end, sampling its peak RSS; returns the peak in MB. */
    private static long runMeasured(Path home, Path out, Path err, String... args) throws Exception {
        Process p = ReleaseArchive.hub(release, home, Map.of(), args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        AtomicLong peak = new AtomicLong();
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(100)).until(() -> {
            peak.accumulateAndGet(ReleaseArchive.peakRssMb(p), Math::max);
            return !p.isAlive();
        });
        System.out.printf("bin/hub %s: exit %d, peak RSS %d MB%n", String.join(" ", args), p.exitValue(), peak.get());
        return peak.get();
    }

    @Test
    void twoHundredThousandPpakRowsWithProgressLines() throws Exception {
        Path home = Files.createDirectories(dir.resolve("ppak-home"));
        Path exports = Files.createDirectories(dir.resolve("exports"));
        LargeInputs.projects(exports.resolve("projects_2024-06-01.csv"), 200_000, 50_000);
        Files.writeString(home.resolve("hub.properties"), "hub.progress.interval-ms = 1000\n");
        long peak = runMeasured(home, home.resolve("out.txt"), home.resolve("err.txt"),
                "ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString());
        String err = Files.readString(home.resolve("err.txt"));
        assertThat(Files.readString(home.resolve("out.txt"))).as(err).contains("projects_2024-06-01.csv", "200000  199996        4");
        assertThat(err).doesNotContain("OutOfMemoryError").containsPattern("ppak-etl: \\d+% of 24\\.\\d MB, [\\d,]+ rows, [\\d,]+ rows/s")
                .contains("ppak-etl: done, 200,000 rows in");
        assertThat(peak).isPositive().isLessThan(RSS_LIMIT_MB);
    }

    @Test
    void aMillionLineExtruderLogAsJsonShowsNoProgress() throws Exception {
        Path home = Files.createDirectories(dir.resolve("extruder-home"));
        Path drop = dir.resolve("drop");
        GeneratedLog.write(drop.resolve("logs"), "run_20251201_183000.csv", 1_000_000);
        long peak = runMeasured(home, home.resolve("out.json"), home.resolve("err.txt"),
                "extruder-ingest", "--home", home.toString(), "--dir", drop.toString(), "--json");
        JsonNode json = Json.mapper().readTree(home.resolve("out.json").toFile());
        assertThat(json.at("/totals/loaded").asLong()).as(Files.readString(home.resolve("err.txt"))).isEqualTo(1_000_000);
        assertThat(Files.readString(home.resolve("err.txt"))).doesNotContain("extruder-ingest:", "OutOfMemoryError");
        assertThat(peak).isPositive().isLessThan(RSS_LIMIT_MB);
    }
}
