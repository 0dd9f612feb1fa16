package com.migrationhub.rmos;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** UTC timestamps of one fixed width, so that comparing them as text (in SQL) compares them in time. */
final class Timestamps {

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String of(Instant instant) {
        return FIXED.format(instant);
    }

    static String now() {
        return of(Instant.now());
    }

    private static final DateTimeFormatter APPLICATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    /**
     * A created_at / updated_at the RMOS application itself would write for a document that has none:
     * naive UTC with microseconds, as Python's {@code datetime.utcnow().isoformat()}.
     */
    static String forApplication(Instant instant) {
        return APPLICATION.format(instant);
    }
}
