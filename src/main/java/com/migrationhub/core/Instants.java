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

    /** The last instant the hub keeps (9999-12-31T23:59:59.999Z): later ones overflow dates in text and databases. */
    public static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    /**
     * Epoch seconds with a fraction (a controller's {@code time.time()}) as an instant to the millisecond, or an
     * {@link IllegalArgumentException} saying why not: a value before 1970 or after 9999 ({@code 1e20}, {@code -5}) is
     * out of range, not a wrapped-around time.
     */
    public static Instant ofEpochSeconds(java.math.BigDecimal seconds) {
        if (seconds.signum() < 0 || seconds.compareTo(java.math.BigDecimal.valueOf(MAX_EPOCH_SECONDS + 1)) >= 0) {
            throw new IllegalArgumentException("timestamp " + seconds.stripTrailingZeros().toString()
                    + " is out of range (epoch seconds from 1970 to 9999)");
        }
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    public static String iso(long epochMillis) {
        return FIXED.format(Instant.ofEpochMilli(epochMillis));
    }
}
