package com.migrationhub.extruder.cutover;

import com.migrationhub.extruder.RunLogName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long ingesting the inventory will take on this machine, and how much the database grows: samples of the real
 * logs ingested by the real ingest into a throw-away database of the same engine, scaled by bytes.
 * <p>
 * Two phases, one after the other in the same JVM: the <em>cold</em> one pays what the real run pays at its start (the
 * runtime's start and stop, the compiler not yet warm), the <em>warm</em> one runs at the pace the rest of a long
 * ingest keeps. A sample keeps the folder's shape: when its logs are small, whole logs spread over the folder (so the
 * per-log cost — a batch, a report, an archive copy — is in the measured rate as often as in the real run); when they
 * are large, consecutive pieces of the largest log cut at line ends (the per-byte cost dominates).
 */
public record IngestEstimate(double seconds, long rows, long bytes, long logBytes, String formula, Map<String, Object> calibration) {

    /** Both phases together: a few seconds of ingest (hub.cutover.calibration-bytes). */
    static final long DEFAULT_SAMPLE_BYTES = 12L << 20;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    public static IngestEstimate of(LogInventory inventory, CheckContext.Calibration calibration, Path scratch, long sampleBytes)
            throws Exception {
        List<Path> phases = sample(inventory, scratch, sampleBytes);
        List<CheckContext.Calibrated> measured = calibration.run(phases);
        CheckContext.Calibrated cold = measured.get(0);
        CheckContext.Calibrated warm = measured.size() > 1 && measured.get(1).bytes() > 0 ? measured.get(1) : cold;
        long total = inventory.bytes();
        double coldPerByte = cold.seconds() / Math.max(1, cold.bytes());
        double warmPerByte = warm.seconds() / Math.max(1, warm.bytes());
        long coldBytes = Math.min(total, cold.bytes());
        double seconds = cold.startupSeconds() + coldBytes * coldPerByte + (total - coldBytes) * warmPerByte;
        long rows = inventory.estimatedRows();
        long sampleRows = measured.stream().mapToLong(CheckContext.Calibrated::rows).sum();
        long growth = measured.stream().mapToLong(CheckContext.Calibrated::databaseGrowth).max().orElse(0);
        double growthPerRow = sampleRows == 0 ? 0 : growth / (double) sampleRows;
        long bytes = Math.round(rows * growthPerRow);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cold", phase(cold));
        c.put("warm", warm == cold ? null : phase(warm));
        c.put("database_bytes_per_row", round(growthPerRow));
        String formula = String.format(Locale.ROOT, "seconds = startup %.2f s + %,d bytes x (%.3f s / %,d cold sample bytes) "
                        + "+ %,d bytes x (%.3f s / %,d warm sample bytes); bytes = %,d estimated rows x %.1f database bytes per row",
                cold.startupSeconds(), coldBytes, cold.seconds(), cold.bytes(), total - coldBytes, warm.seconds(), warm.bytes(), rows,
                growthPerRow);
        return new IngestEstimate(round(seconds), rows, bytes, total, formula, c);
    }

    private static Map<String, Object> phase(CheckContext.Calibrated p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", p.bytes());
        m.put("rows", p.rows());
        m.put("ingest_seconds", round(p.seconds()));
        m.put("startup_seconds", round(p.startupSeconds()));
        m.put("bytes_per_second", Math.round(p.bytes() / Math.max(1e-6, p.seconds())));
        m.put("rows_per_second", Math.round(p.rows() / Math.max(1e-6, p.seconds())));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The phases' folders under {@code scratch} ({@code cold/logs}, {@code warm/logs}), the logs under their own names. */
    static List<Path> sample(LogInventory inventory, Path scratch, long budget) throws IOException {
        Path cold = Files.createDirectories(scratch.resolve("cold/logs"));
        Path warm = Files.createDirectories(scratch.resolve("warm/logs"));
        List<LogInventory.Log> logs = inventory.logs();
        long total = inventory.bytes();
        double mean = logs.isEmpty() ? 0 : total / (double) logs.size();
        if (total <= budget || mean <= budget / 8.0) {
            // whole logs, every k-th, until the budget: the first half cold, the rest warm
            int step = (int) Math.max(1, Math.floor(total / (double) budget));
            List<LogInventory.Log> taken = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < logs.size() && bytes < budget; i += step) {
                taken.add(logs.get(i));
                bytes += logs.get(i).bytes();
            }
            long half = 0;
            for (LogInventory.Log log : taken) {
                Path to = half < bytes / 2 || taken.size() == 1 ? cold : warm;
                half += log.bytes();
                Files.copy(log.file(), to.resolve(log.file().getFileName().toString()));
            }
        } else {
            // the largest log: its head cold, the piece after it warm (with the header, under the next second's name)
            LogInventory.Log largest = logs.stream().max(Comparator.comparingLong(LogInventory.Log::bytes)).orElseThrow();
            String name = largest.file().getFileName().toString();
            RunLogName run = RunLogName.parse(name).orElseThrow();
            String next = "run_" + STAMP.format(run.started().plusSeconds(1)) + ".csv";
            // a quarter cold (the start-up's share), three quarters warm (the long tail's pace, measured on enough bytes)
            piece(largest.file(), cold.resolve(name), warm.resolve(next), budget / 4, budget - budget / 4);
        }
        // the inbox takes a file once it has been still for min-age: copies made just now would wait for it, the
        // controller's logs do not
        java.nio.file.attribute.FileTime still = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
        for (Path dir : List.of(cold, warm)) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.setLastModifiedTime(f, still);
                }
            }
        }
        return List.of(scratch.resolve("cold"), scratch.resolve("warm"));
    }

    /** Writes the first {@code firstBytes} of {@code from} to {@code first}, and the header plus the next {@code secondBytes} to {@code second}. */
    private static void piece(Path from, Path first, Path second, long firstBytes, long secondBytes) {
        try (InputStream in = Files.newInputStream(from)) {
            byte[] head = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, firstBytes + secondBytes));
            int headerEnd = indexOf(head, 0) + 1;
            int cut = lineEndBefore(head, (int) Math.min(firstBytes, head.length));
            int end = lineEndBefore(head, head.length);
            try (OutputStream out = Files.newOutputStream(first)) {
                out.write(head, 0, cut);
            }
            try (OutputStream out = Files.newOutputStream(second)) {
                out.write(head, 0, headerEnd);
                if (end > cut) {
                    out.write(head, cut, end - cut);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sample " + from, e);
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length - 1;
    }

    /** The offset just after the last line end at or before {@code limit}. */
    private static int lineEndBefore(byte[] bytes, int limit) {
        int end = limit;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
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
