package com.migrationhub.extruder.cutover;

import com.migrationhub.core.RejectedFileException;
import com.migrationhub.extruder.LogFormat;
import com.migrationhub.extruder.RunIngests;
import com.migrationhub.extruder.RunLogName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controller's log folder as the flow will see it: each run log's size, header version and estimated rows, and
 * the files the flow will reject (by the flow's own name and header rules), read from the first 64 KiB of each file
 * so a folder of many gigabytes is sized in seconds.
 */
public record LogInventory(Path dir, boolean exists, List<Log> logs, List<Refused> refused) {

    private static final int HEAD = 64 * 1024;

    /** A run log the flow takes: its rows estimated from the average line length of its head. */
    public record Log(Path file, long bytes, int version, long estimatedRows, boolean exact, Instant named, Instant firstSample) {
    }

    /** A file the flow would reject, and why. */
    public record Refused(String name, String reason) {
    }

    public static LogInventory of(Path dir, ZoneId zone) {
        List<Log> logs = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return new LogInventory(dir, false, logs, refused);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        files.sort(null);
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part")) {
                continue; // the inbox ignores them too
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                refused.add(new Refused(name, Files.isSymbolicLink(file) ? "a link (never followed)" : "not a regular file"));
                continue;
            }
            try {
                RunLogName runName = RunIngests.nameOf(file);
                LogFormat format = RunIngests.formatOf(file);
                logs.add(measure(file, format, runName.started().atZone(zone).toInstant()));
            } catch (RejectedFileException e) {
                refused.add(new Refused(name, e.getMessage()));
            }
        }
        return new LogInventory(dir, true, logs, refused);
    }

    private static Log measure(Path file, LogFormat format, Instant named) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            byte[] head = in.readNBytes(HEAD);
            String text = new String(head, StandardCharsets.UTF_8);
            int headerEnd = text.indexOf('\n');
            if (headerEnd < 0) {
                return new Log(file, size, format.version(), 0, true, named, null);
            }
            boolean whole = head.length >= size;
            // complete lines of the head after the header
            int lastNewline = text.lastIndexOf('\n');
            String body = text.substring(headerEnd + 1, lastNewline + 1);
            long lines = body.chars().filter(c -> c == '\n').count();
            if (whole && lastNewline < text.length() - 1 && !text.substring(lastNewline + 1).isBlank()) {
                lines++; // a last line without its line end is still a row
            }
            long bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
            long rows = whole || lines == 0 ? lines
                    : Math.round((size - headerEnd - 1) / (bodyBytes / (double) lines));
            return new Log(file, size, format.version(), rows, whole, named, firstSample(format, body));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The instant of the first data line, for logs that carry one (v3: epoch seconds); null otherwise. */
    private static Instant firstSample(LogFormat format, String body) {
        if (format.version() < 3 || body.isEmpty()) {
            return null;
        }
        String first = body.substring(0, body.indexOf('\n') < 0 ? body.length() : body.indexOf('\n'));
        try {
            double seconds = Double.parseDouble(first.split(",", 2)[0].strip());
            return Double.isFinite(seconds) ? Instant.ofEpochMilli(Math.round(seconds * 1000)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public long bytes() {
        return logs.stream().mapToLong(Log::bytes).sum();
    }

    public long estimatedRows() {
        return logs.stream().mapToLong(Log::estimatedRows).sum();
    }

    /** Logs per header version: {@code {"v1": 3, "v3": 12}}. */
    public Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        logs.forEach(l -> out.merge("v" + l.version(), 1L, Long::sum));
        return out;
    }
}
