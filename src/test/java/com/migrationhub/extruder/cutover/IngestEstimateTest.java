package com.migrationhub.extruder.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.migrationhub.extruder.GeneratedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate's model on real log folders: the samples it cuts (names of their own, whole lines, a few-line fixed log)
 * and its arithmetic, against an ingest whose cost is exactly a fixed part per log plus a part per byte. The real
 * ingest's calibration runs in CutoverCommandTest; how close it lands is measured by bench/extruder/run.sh.
 */
class IngestEstimateTest {

    private static final double STARTUP = 1.0;
    private static final double PER_LOG = 0.05;
    private static final double PER_BYTE = 1e-6;

    @TempDir
    Path dir;

    private final List<List<Path>> seen = new ArrayList<>();

    /** An ingest costing PER_LOG a log and PER_BYTE a byte, STARTUP before the first phase; remembers what it was given. */
    private final CheckContext.Calibration linear = phases -> {
        List<CheckContext.Calibrated> out = new ArrayList<>();
        for (Path phase : phases) {
            List<Path> logs = files(phase.resolve("logs"));
            seen.add(logs);
            long bytes = 0;
            long rows = 0;
            for (Path log : logs) {
                bytes += Files.size(log);
                rows += lines(log) - 1;
            }
            out.add(new CheckContext.Calibrated(logs.size() * PER_LOG + bytes * PER_BYTE, out.isEmpty() ? STARTUP : 0.2, rows,
                    bytes, rows * 100));
        }
        return out;
    };

    @Test
    void oneLargeLogPaysItsFixedPartOnceWhateverTheSampleSize() throws Exception {
        Path logs = dir.resolve("logs");
        GeneratedLog.write(logs, "run_20251201_183000.csv", 30_000);
        LogInventory inventory = LogInventory.of(logs, ZoneOffset.UTC);

        IngestEstimate estimate = IngestEstimate.of(inventory, linear, dir.resolve("scratch"), 600_000);

        assertThat(estimate.seconds()).isCloseTo(STARTUP + PER_LOG + inventory.bytes() * PER_BYTE, within(0.011));
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).hasSize(1); // cold: the log's head
        assertThat(seen.get(1)).hasSize(1); // warm: the piece after it
        assertThat(seen.get(2)).hasSize(1); // fixed: a few lines
        assertPiecesAreWholeLinesUnderNamesOfTheirOwn(inventory);
        assertThat(estimate.calibration().get("seconds_per_log")).isEqualTo(PER_LOG);
        assertThat(estimate.formula()).contains("per log", "per MiB");
    }

    @Test
    void aBacklogOfLogsOfMixedSizesPaysEachLogsFixedPartAndEachByte() throws Exception {
        Path logs = dir.resolve("logs");
        for (int i = 0; i < 30; i++) {
            GeneratedLog.write(logs, String.format("run_202510%02d_%02d0000.csv", 1 + i / 12, 10 + i % 12), 1_000 + (i * 677) % 2_000);
        }
        LogInventory inventory = LogInventory.of(logs, ZoneOffset.UTC);

        IngestEstimate estimate = IngestEstimate.of(inventory, linear, dir.resolve("scratch"), 2_000_000);

        assertThat(estimate.seconds()).isCloseTo(STARTUP + 30 * PER_LOG + inventory.bytes() * PER_BYTE, within(0.011));
        assertThat(seen.get(0).size() + seen.get(1).size()).isBetween(2, 29); // whole logs spread over the folder
        assertPiecesAreWholeLinesUnderNamesOfTheirOwn(inventory);
    }

    /** Every sampled file a distinct run (one throw-away database takes them all), the fixed one a header and whole lines. */
    private void assertPiecesAreWholeLinesUnderNamesOfTheirOwn(LogInventory inventory) throws IOException {
        Set<String> names = new HashSet<>();
        seen.forEach(phase -> phase.forEach(f -> assertThat(names.add(f.getFileName().toString())).as("one name once").isTrue()));
        Path fixed = seen.get(2).get(0);
        assertThat(inventory.logs()).noneMatch(l -> l.file().getFileName().equals(fixed.getFileName()));
        String text = Files.readString(fixed);
        assertThat(text).startsWith("Timestamp,Time_Str,").endsWith("\r\n");
        assertThat(Files.size(fixed)).isLessThanOrEqualTo(IngestEstimate.FIXED_SAMPLE_BYTES);
        assertThat(lines(fixed)).isGreaterThan(100);
        for (List<Path> phase : seen) {
            for (Path f : phase) {
                assertThat(Files.readString(f)).startsWith("Timestamp,Time_Str,").endsWith("\r\n");
            }
        }
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }
}
