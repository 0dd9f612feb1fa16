package com.migrationhub.ppak;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PPak export's file name says: its kind and export date. A fixed copy of a dead-letter file
 * ({@code projects_2024-01-15.csv.rejected.csv}) names the same export.
 */
public record ExportName(ExportKind kind, LocalDate date, String fileName) {

    private static final Pattern NAME = Pattern.compile(
            "(?i)^(projects|materials|work_orders)_(\\d{4}-\\d{2}-\\d{2})(\\..+)?\\.csv$");

    public static Optional<ExportName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ExportName(ExportKind.valueOf(m.group(1).toUpperCase()),
                    LocalDate.parse(m.group(2)), fileName));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
