package com.migrationhub.extruder;

import com.migrationhub.core.SourceRow;
import com.migrationhub.core.TextCells;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Message translator: log lines to samples. A line of the wrong width, with a control character or undecodable
 * bytes in a cell, or with an unreadable or out-of-range time is rejected with its reason; a {@code NAN}, empty or non-numeric value is not a reject but NULL, counted per column as a
 * coerced cell; {@code _PARTIAL} on the status becomes the base status plus the partial flag. Lines an earlier
 * reading already accounted for are skipped.
 */
public final class RunSampleTranslator {

    private static final String PARTIAL = "_PARTIAL";

    public SampleChunk translate(LogChunk chunk) {
        LogIngest ingest = chunk.ingest();
        LogFormat format = ingest.format();
        List<RunSample> samples = new ArrayList<>(chunk.rows().size());
        List<SampleChunk.Reject> rejects = new ArrayList<>();
        long skipped = 0;
        long lastLine = 0;
        for (SourceRow row : chunk.rows()) {
            lastLine = Math.max(lastLine, row.line());
            if (ingest.accounted(row.line())) {
                skipped++;
                continue;
            }
            List<String> cells = row.cells();
            if (cells.size() != format.cells()) {
                rejects.add(new SampleChunk.Reject(row.line(), cells, "expected " + format.cells() + " cells (v"
                        + format.version() + " header), found " + cells.size()));
                continue;
            }
            String text = controlCharacters(cells);
            if (text != null) {
                rejects.add(new SampleChunk.Reject(row.line(), cells, text));
                continue;
            }
            long at;
            try {
                at = ingest.clock().toEpochMillis(cells.get(0).strip());
            } catch (IllegalArgumentException e) {
                rejects.add(new SampleChunk.Reject(row.line(), cells, e.getMessage()));
                continue;
            }
            samples.add(sample(ingest, format, row.line(), at, cells));
        }
        long firstLine = chunk.rows().isEmpty() ? 0 : chunk.rows().get(0).line();
        return new SampleChunk(ingest, samples, rejects, skipped, firstLine, lastLine);
    }

    /** A control character (a NUL, an escape) or undecodable bytes in any cell make the line a reject. */
    private static String controlCharacters(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String problem = TextCells.controlCharacter(cells.get(i));
            if (problem != null) {
                return "cell " + (i + 1) + " holds " + problem;
            }
        }
        return null;
    }

    private static RunSample sample(LogIngest ingest, LogFormat format, long line, long at, List<String> cells) {
        double[] values = new double[SampleColumn.COUNT];
        Arrays.fill(values, Double.NaN);
        for (SampleColumn c : SampleColumn.values()) {
            int cell = format.cellOf(c);
            if (cell >= 0) {
                double v = number(cells.get(cell));
                if (Double.isNaN(v)) {
                    ingest.tally().countCoerced(c);
                }
                values[c.ordinal()] = v;
            }
        }
        String status = cells.get(format.statusCell()).strip();
        boolean partial = status.endsWith(PARTIAL);
        if (partial) {
            status = status.substring(0, status.length() - PARTIAL.length());
        }
        return new RunSample(line, at, values, status.isEmpty() ? null : status, partial);
    }

    /** A cell as a finite number, or NaN (stored as NULL) for {@code NAN}, empty or anything else. */
    static double number(String cell) {
        String s = cell.strip();
        if (s.isEmpty() || s.equals("NAN")) {
            return Double.NaN;
        }
        double fast = plainDecimal(s);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        if (!looksNumeric(s)) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15};

    /**
     * The controller's numbers ({@code -12.5}, {@code 185.0}, {@code 0}) without {@link Double#parseDouble}'s general
     * path: digits as an exact integer divided by an exact power of ten is correctly rounded, so the result is the
     * same double. NaN when the cell is not of that plain shape (the general path decides).
     */
    static double plainDecimal(String s) {
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        long digits = 0;
        int count = 0;
        int decimals = -1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                if (++count > 15) {
                    return Double.NaN;
                }
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (c == '.' && decimals < 0) {
                decimals = 0;
            } else {
                return Double.NaN;
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        double v = decimals > 0 ? digits / POWERS_OF_TEN[decimals] : digits;
        return negative ? -v : v;
    }

    /** Digits, one sign, a point and an exponent only: Java would also take "NaN", "Infinity" or "1d". */
    private static boolean looksNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }
}
