package com.migrationhub.extruder;

import com.migrationhub.core.Instants;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Turns a log's Timestamp cell into a UTC instant (epoch milliseconds). v3 logs carry epoch seconds. v1 and v2
 * carry only the controller's local time of day: the date comes from the file name, and a time of day more than
 * twelve hours earlier than the previous one means midnight has passed (a run crossing 00:00 moves to the next
 * day; a daylight-saving step back of an hour does not). Stateful, one per run, resumable from the last instant.
 */
final class SampleClock {

    private static final long DAY_MS = 86_400_000L;
    private static final long HALF_DAY_MS = DAY_MS / 2;

    private final boolean epoch;
    private final ZoneId zone;
    private LocalDate day;
    private long previousTimeOfDay;

    private SampleClock(boolean epoch, ZoneId zone, LocalDate day, long previousTimeOfDay) {
        this.epoch = epoch;
        this.zone = zone;
        this.day = day;
        this.previousTimeOfDay = previousTimeOfDay;
    }

    /** A clock for a run that starts at its file name's local time, or resumes after {@code lastMs} (may be null). */
    static SampleClock of(LogFormat format, ZoneId zone, LocalDateTime nameTime, Long lastMs) {
        LocalDateTime from = lastMs == null ? nameTime : LocalDateTime.ofInstant(Instant.ofEpochMilli(lastMs), zone);
        return new SampleClock(format.epochTimestamps(), zone, from.toLocalDate(), from.toLocalTime().toNanoOfDay() / 1_000_000);
    }

    /** The instant of a Timestamp cell, or throws {@link IllegalArgumentException} naming what is wrong. */
    long toEpochMillis(String cell) {
        if (epoch) {
            return parseEpochSeconds(cell);
        }
        long timeOfDay = parseTimeOfDay(cell);
        if (timeOfDay < previousTimeOfDay - HALF_DAY_MS) {
            day = day.plusDays(1);
        }
        previousTimeOfDay = timeOfDay;
        LocalDateTime local = day.atStartOfDay().plusNanos(timeOfDay * 1_000_000);
        return ZonedDateTime.ofLocal(local, zone, null).toInstant().toEpochMilli();
    }

    /** {@code 1764613800.250}: whole seconds and up to three decimals, read exactly (no binary rounding). */
    static long parseEpochSeconds(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() || whole.length() > 12 || fraction.length() > 9 || !digits(whole) || !digits(fraction)) {
            throw new IllegalArgumentException("unreadable Timestamp '" + s + "' (expected epoch seconds)");
        }
        long ms = 0;
        for (int i = 0; i < 3; i++) {
            ms = ms * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
        }
        long seconds = Long.parseLong(whole);
        if (seconds > Instants.MAX_EPOCH_SECONDS) {
            throw new IllegalArgumentException("Timestamp '" + s + "' is out of range (epoch seconds from 1970 to 9999)");
        }
        return seconds * 1000 + ms;
    }

    /** {@code HH:MM:SS} or {@code HH:MM:SS.mmm}, as milliseconds of the day. */
    static long parseTimeOfDay(String s) {
        if ((s.length() != 8 && (s.length() < 10 || s.length() > 12)) || s.charAt(2) != ':' || s.charAt(5) != ':'
                || (s.length() > 8 && s.charAt(8) != '.')) {
            throw new IllegalArgumentException("unreadable Timestamp '" + s + "' (expected HH:MM:SS or HH:MM:SS.mmm)");
        }
        int h = twoDigits(s, 0);
        int m = twoDigits(s, 3);
        int sec = twoDigits(s, 6);
        int ms = 0;
        for (int i = 9; i < 12; i++) {
            int d = i < s.length() ? s.charAt(i) - '0' : 0;
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("unreadable Timestamp '" + s + "'");
            }
            ms = ms * 10 + d;
        }
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) {
            throw new IllegalArgumentException("unreadable Timestamp '" + s + "' (not a time of day)");
        }
        return ((h * 60L + m) * 60 + sec) * 1000 + ms;
    }

    private static int twoDigits(String s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        if (a < '0' || a > '9' || b < '0' || b > '9') {
            return -1;
        }
        return (a - '0') * 10 + (b - '0');
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
