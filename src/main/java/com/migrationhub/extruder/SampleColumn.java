package com.migrationhub.extruder;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The ten numeric columns of {@code run_samples}, with the log header each comes from. */
public enum SampleColumn {

    T1_FEED("t1_feed", "T1_Feed"),
    T2_MID("t2_mid", "T2_Mid"),
    T3_NOZZLE("t3_nozzle", "T3_Nozzle"),
    T_MOTOR("t_motor", "T_Motor"),
    TARGET_Z1("target_z1", "Target_Z1"),
    TARGET_Z2("target_z2", "Target_Z2"),
    PWR_Z1_PCT("pwr_z1_pct", "Pwr_Z1_%"),
    PWR_Z2_PCT("pwr_z2_pct", "Pwr_Z2_%"),
    RPM_MAIN("rpm_main", "RPM_Main"),
    RPM_FEED("rpm_feed", "RPM_Feed");

    public static final int COUNT = values().length;

    private final String column;
    private final String header;

    SampleColumn(String column, String header) {
        this.column = column;
        this.header = header;
    }

    /** The database column (and the API's name). */
    public String column() { return column; }
    /** The log header. */
    public String header() { return header; }

    public static Optional<SampleColumn> ofColumn(String name) {
        return Arrays.stream(values()).filter(c -> c.column.equals(name)).findFirst();
    }

    public static List<String> columns() {
        return Arrays.stream(values()).map(SampleColumn::column).toList();
    }
}
