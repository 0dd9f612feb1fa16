package com.migrationhub.extruder;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code run_YYYYMMDD_HHMMSS.csv}: the controller's local time when recording started. */
public record RunLogName(String fileName, LocalDateTime started) {

    private static final Pattern NAME = Pattern.compile("run_(\\d{8}_\\d{6})\\.csv");
    // STRICT: a smart parser would read 20250230 as February 28th
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss").withResolverStyle(ResolverStyle.STRICT);

    public static Optional<RunLogName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunLogName(fileName, LocalDateTime.parse(m.group(1), STAMP)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether the name has the shape of a run log's although its date or time does not exist ({@code run_20251345_…}). */
    public static boolean impossibleDate(String fileName) {
        return NAME.matcher(fileName).matches() && parse(fileName).isEmpty();
    }

    public static String expected() {
        return "run_YYYYMMDD_HHMMSS.csv";
    }
}
