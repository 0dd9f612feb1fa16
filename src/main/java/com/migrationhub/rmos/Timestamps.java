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
     * A document's timestamp as the RMOS application stores it: naive UTC ISO-8601, as Python's
     * {@code dt.astimezone(timezone.utc).replace(tzinfo=None).isoformat()} (a 'T', microseconds only when there are
     * any); a time without an offset is taken as UTC already. Stored so, the text sorts in time order.
     */
    static String normalised(String iso) {
        String t = iso.length() > 10 && iso.charAt(10) == ' ' ? iso.substring(0, 10) + 'T' + iso.substring(11) : iso;
        java.time.LocalDateTime utc;
        try {
            utc = java.time.OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (java.time.format.DateTimeParseException e) {
            utc = java.time.LocalDateTime.parse(t);
        }
        utc = utc.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return utc.getNano() == 0 ? NAIVE_SECONDS.format(utc) : NAIVE_MICROS.format(utc);
    }

    private static final DateTimeFormatter NAIVE_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter NAIVE_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    /**
     * A created_at / updated_at the RMOS application itself would write for a document that has none:
     * naive UTC with microseconds, as Python's {@code datetime.utcnow().isoformat()}.
     */
    static String forApplication(Instant instant) {
        return APPLICATION.format(instant);
    }
}
