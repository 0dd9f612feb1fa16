package com.migrationhub.extruder;

import java.util.List;

/**
 * A row of {@code runs}: a recording session, and where reading its log stopped. {@code sourceFile} is the run's
 * key (the log's name when the run began; {@code name#2}, {@code #3}... for a later recording found under a name
 * already taken); {@code liveName}, {@code fileKey} and {@code fingerprint} are how a live log is known (V3).
 */
public record RunRecord(long id, String sourceFile, int headerVersion, String startedAt, String endedAt, long sampleCount,
                        String status, Long configProfileId, Long batchId, String sourcePath, long linesDone,
                        long bytesDone, long lineAtBytes, Long clockMs, String liveName, String fileKey, String fingerprint,
                        String statusReason) {

    public static final String RECORDING = "recording";
    public static final String COMPLETE = "complete";
    /** Complete, but its log and its stored samples differ (the parity check at completion). */
    public static final String PARITY_MISMATCH = "parity_mismatch";
    /** Its log was cut shorter or rewritten in place under the hub: what follows is a new recording. */
    public static final String TRUNCATED = "truncated";
    /** Another file took its log's name (moved over it) with other content: a new recording. */
    public static final String REPLACED = "replaced";
    /** Its log vanished from the live folder and did not come back within run-idle. */
    public static final String ABANDONED = "abandoned";
    public static final List<String> STATUSES = List.of(RECORDING, COMPLETE, PARITY_MISMATCH, TRUNCATED, REPLACED, ABANDONED);

    /** This run as it reads once set to {@code status}, read from {@code sourcePath}. */
    RunRecord as(String status, String sourcePath) {
        return new RunRecord(id, sourceFile, headerVersion, startedAt, endedAt, sampleCount, status, configProfileId, batchId,
                sourcePath, linesDone, bytesDone, lineAtBytes, clockMs, liveName, fileKey, fingerprint, statusReason);
    }

    public boolean recording() {
        return RECORDING.equals(status);
    }

    /** The log this run was read from no longer exists as it was read: its samples cannot be checked against it. */
    public boolean logLost() {
        return TRUNCATED.equals(status) || REPLACED.equals(status) || ABANDONED.equals(status);
    }

    /** The log's name with its start time ({@code #n} of a later recording under the same name dropped). */
    public RunLogName logName() {
        return logNameOf(sourceFile);
    }

    /** A run key's log name and start time: {@code run_20251201_183000.csv#2} started when its name says. */
    static RunLogName logNameOf(String sourceFile) {
        int mark = sourceFile.lastIndexOf('#');
        RunLogName name = RunLogName.parse(mark < 0 ? sourceFile : sourceFile.substring(0, mark)).orElseThrow(
                () -> new IllegalStateException("'" + sourceFile + "' is not a run log name"));
        return new RunLogName(sourceFile, name.started());
    }
}
