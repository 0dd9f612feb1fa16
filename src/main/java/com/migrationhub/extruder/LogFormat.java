package com.migrationhub.extruder;

import java.util.List;
import java.util.Optional;

/**
 * The three header generations of the controller's run logs, told apart by the header line alone. Each maps
 * its cells onto the ten sample columns ({@link SampleColumn}); v1 has no targets and no heater power.
 */
public enum LogFormat {

    V1(1, List.of("Timestamp", "Status", "T1_Feed", "T2_Mid", "T3_Nozzle", "T_Motor", "RPM_Main", "RPM_Feed")),
    V2(2, List.of("Timestamp", "Status", "T1_Feed", "T2_Mid", "T3_Nozzle", "T_Motor", "Target_Z1", "Target_Z2",
            "Pwr_Z1_%", "Pwr_Z2_%", "RPM_Main", "RPM_Feed")),
    V3(3, List.of("Timestamp", "Time_Str", "Status", "T1_Feed", "T2_Mid", "T3_Nozzle", "T_Motor", "Target_Z1",
            "Target_Z2", "Pwr_Z1_%", "Pwr_Z2_%", "RPM_Main", "RPM_Feed"));

    private final int version;
    private final List<String> header;
    /** For each sample column, the index of its cell, or -1 when this format lacks it. */
    private final int[] cellOf = new int[SampleColumn.COUNT];
    private final int statusCell;

    LogFormat(int version, List<String> header) {
        this.version = version;
        this.header = header;
        for (SampleColumn c : SampleColumn.values()) {
            cellOf[c.ordinal()] = header.indexOf(c.header());
        }
        this.statusCell = header.indexOf("Status");
    }

    public int version() { return version; }
    public List<String> header() { return header; }
    public int cells() { return header.size(); }
    int cellOf(SampleColumn column) { return cellOf[column.ordinal()]; }
    int statusCell() { return statusCell; }

    /** Epoch seconds (v3) rather than a local time of day (v1, v2). */
    boolean epochTimestamps() { return this == V3; }

    public static Optional<LogFormat> of(List<String> header) {
        for (LogFormat f : values()) {
            if (f.header.equals(header)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static LogFormat ofVersion(int version) {
        for (LogFormat f : values()) {
            if (f.version == version) {
                return f;
            }
        }
        throw new IllegalArgumentException("no log format v" + version);
    }

    /** The reason a header is not one of these, naming what was expected. */
    public static String unrecognised(List<String> header) {
        StringBuilder why = new StringBuilder("unrecognised log header '").append(String.join(",", header))
                .append("': expected one of");
        for (LogFormat f : values()) {
            why.append(" v").append(f.version).append(" (").append(f.header.size()).append(" columns: ")
                    .append(String.join(",", f.header)).append(')').append(f == V3 ? "" : ",");
        }
        return why.toString();
    }
}
