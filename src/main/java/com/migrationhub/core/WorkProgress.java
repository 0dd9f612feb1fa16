package com.migrationhub.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How far the work of this process has gone, for the progress a long command shows: the rows its batches
 * found and the source bytes they read (fed by {@link BatchRun}), out of what the command expects. Counting
 * only: nothing here prints, and nothing reads it back into a report.
 */
public final class WorkProgress {

    private final LongAdder rows = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final AtomicLong expectedBytes = new AtomicLong();
    private final AtomicLong expectedRows = new AtomicLong();

    /** What a moment of the work looks like; {@code fraction} is negative while the total is unknown. */
    public record Sample(long rows, long bytes, long expectedBytes, long expectedRows) {

        /** Done out of expected: by bytes when the command knows them (files), else by rows. */
        public double fraction() {
            if (expectedBytes > 0) {
                return Math.min(1.0, (double) bytes / expectedBytes);
            }
            return expectedRows > 0 ? Math.min(1.0, (double) rows / expectedRows) : -1;
        }

        public boolean byBytes() {
            return expectedBytes > 0;
        }
    }

    void rowsFound(long n) {
        rows.add(n);
    }

    /** Source bytes read (by a batch, or a backup streaming files). */
    public void bytesRead(long n) {
        bytes.add(n);
    }

    /**
     * A record handled by a flow whose batch counts its rows only when it closes (INNERGY): the progress moves
     * record by record, and the batch's count at the end does not add them a second time.
     */
    public void recordHandled() {
        records.increment();
    }

    /** The source bytes this command is about to read (the files present). */
    public void expectBytes(long n) {
        expectedBytes.addAndGet(n);
    }

    /** The rows, documents or records this command is about to handle. */
    public void expectRows(long n) {
        expectedRows.addAndGet(n);
    }

    public Sample sample() {
        return new Sample(Math.max(rows.sum(), records.sum()), bytes.sum(), expectedBytes.get(), expectedRows.get());
    }
}
