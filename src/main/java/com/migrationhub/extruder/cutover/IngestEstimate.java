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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How long ingesting the inventory will take on this machine, and how much the database grows: samples of the real
 * logs ingested by the real ingest into a throw-away database of the same engine, fitted to a cost of a fixed part per
 * log plus a part per byte.
 * <p>
 * Three phases, one after the other in the same JVM: the <em>cold</em> one pays what the real run pays at its start
 * (the runtime's start and stop, the compiler not yet warm); the <em>warm</em> one runs at the pace the rest of a long
 * ingest keeps; the <em>fixed</em> one, a log of a few lines, costs what every log costs whatever its size (its batch,
 * run row, report, archive copy, the commit that waits for the disk). The warm phase's seconds beyond its logs' fixed
 * costs give the cost per byte: a 2,000,000-row log pays the fixed part once where extrapolating a sample's seconds per
 * byte would pay it once per sample's worth of bytes. A sample keeps the folder's shape: when its logs are small, whole
 * logs spread over the folder; when they are large, consecutive pieces of the largest log cut at line ends.
 */
public record IngestEstimate(double seconds, long rows, long bytes, long logBytes, String formula, Map<String, Object> calibration) {

    /**
     * The three phases together: a few seconds of ingest (hub.cutover.calibration-bytes). 12 MiB left the warm phase
     * half a second on this machine, its rate varying by half between identical runs (the compiler still at work).
     */
    static final long DEFAULT_SAMPLE_BYTES = 32L << 20;

    /** The fixed phase's log: the header and the lines within this many bytes. */
    static final int FIXED_SAMPLE_BYTES = 16 * 1024;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    /** One phase's folder (holding {@code logs/}), and the logs and bytes put in it. */
    record Phase(Path dir, int logs, long bytes) {
    }

    public static IngestEstimate of(LogInventory inventory, CheckContext.Calibration calibration, Path scratch, long sampleBytes)
            throws Exception {
        List<Phase> phases = sample(inventory, scratch, sampleBytes);
        List<CheckContext.Calibrated> measured = calibration.run(phases.stream().map(Phase::dir).toList());
        CheckContext.Calibrated cold = measured.get(0);
        boolean warmRan = measured.size() > 1 && measured.get(1).bytes() > 0;
        CheckContext.Calibrated warm = warmRan ? measured.get(1) : cold;
        int coldLogs = phases.get(0).logs();
        int warmLogs = warmRan ? phases.get(1).logs() : coldLogs;
        CheckContext.Calibrated fixed = measured.size() > 2 && measured.get(2).bytes() > 0 ? measured.get(2) : null;
        // the line through the two points (warm: n logs and their bytes; fixed: one log of a few lines), its part per log
        // kept within [0, half a warm log's seconds]: a noisy fixed phase must not leave no cost per byte
        double perLog = 0;
        if (fixed != null) {
            double spread = warm.bytes() - warmLogs * (double) fixed.bytes();
            double slope = spread > 0 ? (warm.seconds() - warmLogs * fixed.seconds()) / spread : 0;
            perLog = Math.max(0, Math.min(fixed.seconds() - fixed.bytes() * slope, 0.5 * warm.seconds() / Math.max(1, warmLogs)));
        }
        double perByte = (warm.seconds() - warmLogs * perLog) / Math.max(1, warm.bytes());
        long total = inventory.bytes();
        long coldBytes = Math.min(total, cold.bytes());
        double coldSeconds = cold.seconds() * coldBytes / Math.max(1, cold.bytes());
        int otherLogs = Math.max(0, inventory.logs().size() - coldLogs);
        double seconds = cold.startupSeconds() + coldSeconds + otherLogs * perLog + (total - coldBytes) * perByte;
        long rows = inventory.estimatedRows();
        long sampleRows = measured.stream().mapToLong(CheckContext.Calibrated::rows).sum();
        long growth = measured.stream().mapToLong(CheckContext.Calibrated::databaseGrowth).max().orElse(0);
        double growthPerRow = sampleRows == 0 ? 0 : growth / (double) sampleRows;
        long bytes = Math.round(rows * growthPerRow);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cold", phase(cold, coldLogs));
        c.put("warm", warmRan ? phase(warm, warmLogs) : null);
        c.put("fixed", fixed == null ? null : phase(fixed, phases.get(2).logs()));
        c.put("seconds_per_log", round(perLog, 4));
        c.put("seconds_per_mib", round(perByte * (1 << 20), 4));
        c.put("database_bytes_per_row", round(growthPerRow, 2));
        String formula = String.format(Locale.ROOT, "seconds = startup %.2f s + cold %,d bytes x (%.3f s / %,d cold sample bytes) "
                        + "+ %,d other logs x %.4f s per log + %,d other bytes x %.4f s per MiB "
                        + "(fitted to the %d-line fixed sample's %.3f s and the warm sample's %.3f s for %d logs, %,d bytes); "
                        + "bytes = %,d estimated rows x %.1f database bytes per row",
                cold.startupSeconds(), coldBytes, cold.seconds(), cold.bytes(), otherLogs, perLog, total - coldBytes,
                perByte * (1 << 20), fixed == null ? 0 : fixed.rows(), fixed == null ? 0 : fixed.seconds(), warm.seconds(), warmLogs,
                warm.bytes(), rows, growthPerRow);
        return new IngestEstimate(round(seconds, 2), rows, bytes, total, formula, c);
    }

    private static Map<String, Object> phase(CheckContext.Calibrated p, int logs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logs", logs);
        m.put("bytes", p.bytes());
        m.put("rows", p.rows());
        m.put("ingest_seconds", round(p.seconds(), 3));
        m.put("startup_seconds", round(p.startupSeconds(), 2));
        m.put("bytes_per_second", Math.round(p.bytes() / Math.max(1e-6, p.seconds())));
        m.put("rows_per_second", Math.round(p.rows() / Math.max(1e-6, p.seconds())));
        return m;
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    /**
     * The phases' folders under {@code scratch} ({@code cold/logs}, {@code warm/logs}, {@code fixed/logs}), the logs
     * under their own names, the pieces under names of their own.
     */
    static List<Phase> sample(LogInventory inventory, Path scratch, long budget) throws IOException {
        Path cold = Files.createDirectories(scratch.resolve("cold/logs"));
        Path warm = Files.createDirectories(scratch.resolve("warm/logs"));
        Path fixed = Files.createDirectories(scratch.resolve("fixed/logs"));
        List<LogInventory.Log> logs = inventory.logs();
        long total = inventory.bytes();
        double mean = logs.isEmpty() ? 0 : total / (double) logs.size();
        Set<String> names = new HashSet<>();
        logs.forEach(l -> names.add(l.file().getFileName().toString()));
        LogInventory.Log source;
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
            source = taken.get(0);
        } else {
            // the largest log: its head cold, the piece after it warm (with the header, under a name of its own)
            source = logs.stream().max(Comparator.comparingLong(LogInventory.Log::bytes)).orElseThrow();
            String name = source.file().getFileName().toString();
            // a quarter cold (the start-up's share), three quarters warm (the long tail's pace, measured on enough bytes)
            piece(source.file(), cold.resolve(name), warm.resolve(freeName(source, names)), budget / 4, budget - budget / 4);
        }
        // the fixed phase: the header and a few lines, under a name of its own (a new run, not a copy of one loaded)
        piece(source.file(), null, fixed.resolve(freeName(source, names)), 0, FIXED_SAMPLE_BYTES);
        // the inbox takes a file once it has been still for min-age: copies made just now would wait for it, the
        // controller's logs do not
        java.nio.file.attribute.FileTime still = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
        List<Phase> phases = new ArrayList<>();
        for (Path dir : List.of(cold, warm, fixed)) {
            int count = 0;
            long bytes = 0;
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.setLastModifiedTime(f, still);
                    count++;
                    bytes += Files.size(f);
                }
            }
            phases.add(new Phase(dir.getParent(), count, bytes));
        }
        return phases;
    }

    /** A run-log name a second after {@code log}'s (or the next one free) that neither the folder nor a sample uses yet. */
    private static String freeName(LogInventory.Log log, Set<String> taken) {
        RunLogName run = RunLogName.parse(log.file().getFileName().toString()).orElseThrow();
        for (int s = 1; ; s++) {
            String name = "run_" + STAMP.format(run.started().plusSeconds(s)) + ".csv";
            if (taken.add(name)) {
                return name;
            }
        }
    }

    /**
     * Writes the first {@code firstBytes} of {@code from} to {@code first} (none when null), and the header plus the next
     * {@code secondBytes} to {@code second}.
     */
    private static void piece(Path from, Path first, Path second, long firstBytes, long secondBytes) {
        try (InputStream in = Files.newInputStream(from)) {
            byte[] head = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, firstBytes + secondBytes));
            int headerEnd = indexOf(head, 0) + 1;
            int cut = lineEndBefore(head, (int) Math.min(firstBytes, head.length));
            int end = lineEndBefore(head, head.length);
            if (first != null) {
                try (OutputStream out = Files.newOutputStream(first)) {
                    out.write(head, 0, cut);
                }
            } else {
                cut = headerEnd;
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
