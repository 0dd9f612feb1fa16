package com.migrationhub.extruder;

/** A row of {@code runs}: a recording session, and where reading its log stopped. */
public record RunRecord(long id, String sourceFile, int headerVersion, String startedAt, String endedAt, long sampleCount,
                        String status, Long configProfileId, Long batchId, String sourcePath, long linesDone,
                        long bytesDone, long lineAtBytes, Long clockMs) {

    public static final String RECORDING = "recording";
    public static final String COMPLETE = "complete";

    public boolean recording() {
        return RECORDING.equals(status);
    }
}
