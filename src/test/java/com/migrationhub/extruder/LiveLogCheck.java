package com.migrationhub.extruder;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a v3 log says and what the database holds, as {line -> instant (epoch ms)}: the live-tail tests compare the
 * two for every run, so a line lost, doubled or taken from another file's content shows.
 */
final class LiveLogCheck {

    private LiveLogCheck() {
    }

    /** The complete data lines of a v3 log (a last line without its line feed is not complete yet): line -> instant. */
    static SortedMap<Long, Long> lines(Path file) throws IOException {
        return lines(Files.readString(file, StandardCharsets.US_ASCII));
    }

    static SortedMap<Long, Long> lines(String text) {
        SortedMap<Long, Long> out = new TreeMap<>();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        String[] lines = text.substring(0, end).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String stamp = lines[i].substring(0, lines[i].indexOf(','));
            out.put(i + 1L, new BigDecimal(stamp).movePointRight(3).longValueExact());
        }
        return out;
    }

    /** The stored samples of a run: line -> instant. */
    static SortedMap<Long, Long> stored(Connection c, long runId) throws SQLException {
        SortedMap<Long, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT line, " + SampleTimes.millis(c, "recorded_at")
                + " FROM run_samples WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** A v3 log's content: the header and rows from..to of {@link GeneratedLog}. */
    static String log(long from, long to) {
        return GeneratedLog.V3_HEADER + "\r\n" + GeneratedLog.rows(from, to);
    }
}
