package com.migrationhub.innergy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Audit timestamps come with or without a zone suffix; a zoneless one is UTC. */
class InnergyJsonTest {

    @Test
    void auditTimestampsWithAndWithoutZoneAreTheSameInstant() {
        Instant utc = Instant.parse("2024-01-15T10:00:00Z");
        assertThat(InnergyJson.parse("2024-01-15T10:00:00Z")).isEqualTo(utc);
        assertThat(InnergyJson.parse("2024-01-15T10:00:00")).isEqualTo(utc);
        assertThat(InnergyJson.parse("2024-01-15T12:00:00+02:00")).isEqualTo(utc);
        assertThat(InnergyJson.parse("2024-01-15T05:00:00.000-05:00")).isEqualTo(utc);
        assertThat(InnergyJson.parse("2024-01-15T10:00:00.1234567")).isEqualTo(utc.plusNanos(123_456_700));
    }
}
