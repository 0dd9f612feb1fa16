package com.migrationhub.extruder;

import java.util.List;
import java.util.Map;

/**
 * A run's samples for a chart, as {@link RunsApi#samples} answers them: the instants {@code t} (epoch ms) and per column
 * the {@code min}, {@code max} and {@code mean} at each; {@code resolution} says whether these are the samples themselves,
 * buckets of samples or blocks of the rollup, and {@code bucketMs} how wide a bucket is (null for samples).
 */
record SampleSeries(long runId, long samples, int maxPoints, boolean downsampled, Double bucketMs, String resolution, int points,
                    List<Long> t, Map<String, Map<String, List<Double>>> columns) {
}
