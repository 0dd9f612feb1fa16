package com.migrationhub.ppak;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** How PPak writes values: {@code $182,450.00} money, ISO or {@code MM/DD/YYYY} dates, Y/N flags. */
final class PpakValues {

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private PpakValues() {
    }

    /** Empty when blank; throws IllegalArgumentException naming the text when it is not a date. */
    static Optional<LocalDate> date(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.startsWith("+") || text.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD or MM/DD/YYYY)");
        }
        try {
            return Optional.of(text.contains("/") ? LocalDate.parse(text, US_DATE) : LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD or MM/DD/YYYY)");
        }
    }

    static Optional<BigDecimal> money(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.replace("$", "").replace(",", "").strip();
        BigDecimal value;
        try {
            value = new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an amount");
        }
        if (!Double.isFinite(value.doubleValue())) {
            throw new IllegalArgumentException("'" + text + "' is out of range");
        }
        return Optional.of(value);
    }

    static Optional<BigDecimal> number(String text) {
        return money(text);
    }

    /** Y/N/Yes/No/True/False/1/0; blank is false. */
    static boolean flag(String text) {
        if (text == null) {
            return false;
        }
        return switch (text.strip().toLowerCase()) {
            case "y", "yes", "true", "1" -> true;
            case "n", "no", "false", "0" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not Y/N");
        };
    }
}
