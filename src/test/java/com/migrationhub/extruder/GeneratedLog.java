package com.migrationhub.extruder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes a v3 run log the way the controller's DataLogger does (csv.writer: comma, CRLF, NAN for a missing value,
 * a row every 0.25 s), appended in blocks like its 60-second flushes. Deterministic: line n is always the same.
 */
public final class GeneratedLog {

    static final String V3_HEADER = "Timestamp,Time_Str,Status,T1_Feed,T2_Mid,T3_Nozzle,T_Motor,Target_Z1,Target_Z2,"
            + "Pwr_Z1_%,Pwr_Z2_%,RPM_Main,RPM_Feed";
    /** 2025-12-01T18:30:00Z, the controller's clock on UTC. */
    static final long START_EPOCH_MS = 1764613800000L;

    private GeneratedLog() {
    }

    /** Data row {@code n} (1-based): line n + 1 of the file. Every 97th row misses T1 (NAN, partial). */
    static String row(long n) {
        long ms = START_EPOCH_MS + n * 250;
        double t2 = 23 + (n % 4000) * 0.04;
        boolean partial = n % 97 == 0;
        String status = (n < 200 ? "READY" : n < 1200 ? "STARTING" : "RUNNING") + (partial ? "_PARTIAL" : "");
        long sod = (ms / 1000) % 86400;
        return String.format(Locale.ROOT, "%d.%03d,%02d:%02d:%02d.%03d,%s,%s,%.2f,%.2f,%.1f,185.0,200.0,%.1f,%.1f,%s,%s",
                ms / 1000, ms % 1000, sod / 3600, (sod / 60) % 60, sod % 60, ms % 1000, status,
                partial ? "NAN" : String.format(Locale.ROOT, "%.2f", 23 + t2 * 0.15), t2, t2 + 12.5, 24 + (n % 50) * 0.1,
                (n * 7) % 100 * 1.0, (n * 3) % 100 * 1.0, n < 1200 ? "0.0" : "35.5", n < 1200 ? "0" : "12.0");
    }

    static Path create(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, V3_HEADER + "\r\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** Appends rows from..to (inclusive) in one write, as one flush. */
    static void append(Path file, long from, long to) throws IOException {
        appendRaw(file, rows(from, to));
    }

    /** Rows from..to (inclusive), each ending in CRLF. */
    static String rows(long from, long to) {
        StringBuilder block = new StringBuilder();
        for (long n = from; n <= to; n++) {
            block.append(row(n)).append("\r\n");
        }
        return block.toString();
    }

    static void appendRaw(Path file, String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A whole log of {@code rows} rows, streamed to disk. */
    public static Path write(Path folder, String name, long rows) throws IOException {
        Path file = create(folder, name);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.APPEND)) {
            for (long n = 1; n <= rows; n++) {
                w.write(row(n));
                w.write("\r\n");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return file;
    }
}
