package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Local times of day in v1/v2 logs become UTC instants: the file name's date, midnight, the controller's zone. */
class SampleClockTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aRunCrossingMidnightMovesToTheNextDayInTheControllersZone() {
        SampleClock clock = SampleClock.of(LogFormat.V2, BERLIN, LocalDateTime.parse("2025-11-28T23:58:00"), null);
        assertThat(clock.toEpochMillis("23:58:00.250")).isEqualTo(at("2025-11-28T22:58:00.250Z"));
        assertThat(clock.toEpochMillis("23:59:59.750")).isEqualTo(at("2025-11-28T22:59:59.750Z"));
        assertThat(clock.toEpochMillis("00:00:00.000")).isEqualTo(at("2025-11-28T23:00:00Z"));
        assertThat(clock.toEpochMillis("00:03:00.000")).isEqualTo(at("2025-11-28T23:03:00Z"));
    }

    @Test
    void theDaylightSavingStepBackIsNotMidnight() {
        // 2025-10-26 03:00 CEST -> 02:00 CET: the local clock goes back an hour
        SampleClock clock = SampleClock.of(LogFormat.V1, BERLIN, LocalDateTime.parse("2025-10-26T02:30:00"), null);
        long before = clock.toEpochMillis("02:59:59");
        long after = clock.toEpochMillis("02:00:00");
        assertThat(before).isEqualTo(at("2025-10-26T00:59:59Z"));
        assertThat(after).isEqualTo(at("2025-10-26T00:00:00Z")); // ambiguous local time: the earlier offset
    }

    @Test
    void aResumedRunContinuesFromItsLastInstant() {
        SampleClock clock = SampleClock.of(LogFormat.V2, ZoneId.of("UTC"), LocalDateTime.parse("2025-11-28T23:58:00"),
                at("2025-11-29T00:01:00Z"));
        assertThat(clock.toEpochMillis("00:01:00.250")).isEqualTo(at("2025-11-29T00:01:00.250Z"));
    }

    @Test
    void epochSecondsAreReadExactly() {
        assertThat(SampleClock.parseEpochSeconds("1764613800.250")).isEqualTo(1764613800250L);
        assertThat(SampleClock.parseEpochSeconds("1764613800.1")).isEqualTo(1764613800100L);
        assertThat(SampleClock.parseEpochSeconds("1764613800")).isEqualTo(1764613800000L);
        assertThatThrownBy(() -> SampleClock.parseEpochSeconds("17646x3800.250")).hasMessageContaining("unreadable Timestamp");
        assertThatThrownBy(() -> SampleClock.parseTimeOfDay("24:00:00")).hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> SampleClock.parseTimeOfDay("9:00:00")).hasMessageContaining("unreadable Timestamp");
    }
}
