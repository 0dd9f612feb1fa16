package com.migrationhub.extruder;

/**
 * What the ingest report adds up beyond the ledger's counts: coerced cells per column and the time span of the
 * samples read. One per batch: a live run's blocks add to the same tally.
 */
public final class IngestTally {

    private final long[] coerced = new long[SampleColumn.COUNT];
    private Long firstMs;
    private Long lastMs;

    synchronized void countCoerced(SampleColumn column) {
        coerced[column.ordinal()]++;
    }

    public synchronized long coerced(SampleColumn column) {
        return coerced[column.ordinal()];
    }

    synchronized void sampled(long at) {
        if (firstMs == null || at < firstMs) {
            firstMs = at;
        }
        if (lastMs == null || at > lastMs) {
            lastMs = at;
        }
    }

    public synchronized Long firstMs() { return firstMs; }
    public synchronized Long lastMs() { return lastMs; }
}
