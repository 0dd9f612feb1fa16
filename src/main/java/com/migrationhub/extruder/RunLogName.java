package com.migrationhub.extruder;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code run_YYYYMMDD_HHMMSS.csv}: the controller's local time when recording started. */
public record RunLogName(String fileName, LocalDateTime started) {

    private static final Pattern NAME = Pattern.compile("run_(\\d{8}_\\d{6})\\.csv");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

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

    public static String expected() {
        return "run_YYYYMMDD_HHMMSS.csv";
    }
}
