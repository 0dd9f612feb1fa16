package com.migrationhub.extruder;

/**
 * One telemetry line as stored: its source line, its instant (UTC epoch milliseconds), the ten sample columns in
 * {@link SampleColumn} order ({@code NaN} = NULL: the controller's {@code NAN}, an empty or non-numeric cell, or a
 * column the log's version lacks), the base status and whether it was {@code _PARTIAL}.
 */
public record RunSample(long line, long recordedAt, double[] values, String status, boolean partial) {

    public Double value(SampleColumn column) {
        double v = values[column.ordinal()];
        return Double.isNaN(v) ? null : v;
    }
}
