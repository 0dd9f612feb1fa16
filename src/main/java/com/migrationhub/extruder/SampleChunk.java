package com.migrationhub.extruder;

import java.util.List;

/**
 * A chunk translated: the samples to load, the lines rejected with their reasons, how many lines were already
 * accounted for (loaded or dead-lettered before: skipped), and the first and last lines it covers.
 */
public record SampleChunk(LogIngest ingest, List<RunSample> samples, List<Reject> rejects, long skipped, long firstLine,
                          long lastLine) {

    public record Reject(long line, List<String> cells, String reason) {
    }

    public long found() {
        return samples.size() + rejects.size() + skipped;
    }
}
