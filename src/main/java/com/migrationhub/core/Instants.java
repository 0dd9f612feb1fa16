package com.migrationhub.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as the databases keep them in text: UTC, always with milliseconds ({@code 2025-12-01T18:30:00.000Z}), so
 * the text sorts and compares as time does in SQL on SQLite and PostgreSQL alike ({@link Instant#toString} drops
 * zero fractions, and {@code ...00Z} would sort after {@code ...00.250Z}).
 */
public final class Instants {

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Instants() {
    }

    public static String iso(Instant instant) {
        return instant == null ? null : FIXED.format(instant);
    }

    public static String iso(long epochMillis) {
        return FIXED.format(Instant.ofEpochMilli(epochMillis));
    }
}
