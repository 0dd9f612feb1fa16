package com.migrationhub.extruder.cutover;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long ingesting the inventory will take on this machine, and how much the database grows: a sample of the real
 * logs ingested by the real ingest into a throw-away database of the same engine, scaled by bytes.
 * <p>
 * The sample keeps the folder's shape: when its logs are small, whole logs spread over the folder (so the per-file
 * cost — a batch, a report, an archive copy — is in the measured rate as often as in the real run); when they are
 * large, the head of the largest log cut at a line end (the per-byte cost dominates).
 */
public record IngestEstimate(double seconds, long rows, long bytes, long logBytes, String formula, Map<String, Object> calibration) {

    /** The sample's size: a few seconds of ingest (hub.cutover.calibration-bytes). */
    static final long DEFAULT_SAMPLE_BYTES = 12L << 20;

    public static IngestEstimate of(LogInventory inventory, CheckContext.Calibration calibration, Path scratch, long sampleBytes)
            throws Exception {
        List<Path> sample = sample(inventory, scratch, sampleBytes);
        CheckContext.Calibrated cal = calibration.run(sample);
        long total = inventory.bytes();
        double perByte = cal.bytes() == 0 ? 0 : cal.seconds() / cal.bytes();
        double seconds = cal.startupSeconds() + total * perByte;
        long rows = inventory.estimatedRows();
        double growthPerRow = cal.rows() == 0 ? 0 : cal.databaseGrowth() / (double) cal.rows();
        long bytes = Math.round(rows * growthPerRow);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sample_logs", sample.size());
        c.put("sample_bytes", cal.bytes());
        c.put("sample_rows", cal.rows());
        c.put("ingest_seconds", round(cal.seconds()));
        c.put("startup_seconds", round(cal.startupSeconds()));
        c.put("bytes_per_second", Math.round(cal.bytes() / Math.max(1e-6, cal.seconds())));
        c.put("rows_per_second", Math.round(cal.rows() / Math.max(1e-6, cal.seconds())));
        c.put("database_bytes_per_row", round(growthPerRow));
        String formula = String.format(Locale.ROOT, "seconds = startup %.2f s + %,d log bytes x (%.3f s / %,d sample bytes); "
                        + "bytes = %,d estimated rows x %.1f database bytes per sample row", cal.startupSeconds(), total, cal.seconds(),
                cal.bytes(), rows, growthPerRow);
        return new IngestEstimate(round(seconds), rows, bytes, total, formula, c);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Copies (or cuts) the sample into {@code scratch}, under the logs' own names. */
    static List<Path> sample(LogInventory inventory, Path scratch, long budget) throws IOException {
        Files.createDirectories(scratch);
        List<LogInventory.Log> logs = inventory.logs();
        List<Path> out = new ArrayList<>();
        if (logs.isEmpty()) {
            return out;
        }
        long total = inventory.bytes();
        double mean = total / (double) logs.size();
        if (total <= budget || mean <= budget / 4.0) {
            // whole logs, every k-th, until the budget
            int step = (int) Math.max(1, Math.floor(total / (double) budget));
            long taken = 0;
            for (int i = 0; i < logs.size() && taken < budget; i += step) {
                LogInventory.Log log = logs.get(i);
                out.add(Files.copy(log.file(), scratch.resolve(log.file().getFileName().toString())));
                taken += log.bytes();
            }
            return out;
        }
        LogInventory.Log largest = logs.stream().max(java.util.Comparator.comparingLong(LogInventory.Log::bytes)).orElseThrow();
        out.add(head(largest.file(), scratch.resolve(largest.file().getFileName().toString()), budget));
        return out;
    }

    /** The first {@code budget} bytes of {@code from}, cut after its last complete line. */
    private static Path head(Path from, Path to, long budget) {
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            byte[] head = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget));
            int end = head.length;
            while (end > 0 && head[end - 1] != '\n') {
                end--;
            }
            out.write(head, 0, end);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sample " + from, e);
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", seconds);
        m.put("rows", rows);
        m.put("bytes", bytes);
        m.put("log_bytes", logBytes);
        m.put("formula", formula);
        m.put("calibration", calibration);
        return m;
    }
}
