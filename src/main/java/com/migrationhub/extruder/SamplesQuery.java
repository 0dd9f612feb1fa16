package com.migrationhub.extruder;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /api/extruder/runs/{id}/samples?columns=&max_points=} asks for: one run, the columns in the order
 * named (a comma-separated list; all when absent) and at most how many points per column (2–100,000, default 1,000).
 * A bad value is an {@link IllegalArgumentException} naming the parameter.
 */
record SamplesQuery(long runId, List<SampleColumn> columns, int maxPoints) {

    static SamplesQuery of(String id, String columns, String maxPoints) {
        long runId = RunsApi.id(id);
        int points = RunsApi.intParameter("max_points", maxPoints, 1000, 2, 100_000);
        List<SampleColumn> wanted = new ArrayList<>();
        for (String name : (columns == null || columns.isBlank() ? String.join(",", SampleColumn.columns()) : columns).split(",")) {
            wanted.add(SampleColumn.ofColumn(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "columns: unknown column '" + name.strip() + "' (one of " + String.join(", ", SampleColumn.columns()) + ")")));
        }
        return new SamplesQuery(runId, List.copyOf(wanted), points);
    }
}
