package com.migrationhub.extruder;

import com.migrationhub.core.BatchRun;
import java.nio.file.Path;
import java.util.Set;

/**
 * One reading of one run log: a whole file dropped into the inbox, or the block a live log grew by. It travels
 * with the file's exchange and with each chunk; it knows where reading starts and which lines are already
 * accounted for, and it adds up what the ingest report says.
 */
public final class LogIngest {

    private final BatchRun batch;
    private final Path file;
    private final RunLogName name;
    private final LogFormat format;
    private final RunRecord run;
    private final SampleClock clock;
    private final Set<Long> rejectedBefore;
    private final boolean live;
    private final boolean dbWrites;
    private final long startOffset;
    private final long startLine;
    private final long endOffset;
    private final IngestTally tally;
    private long linesDone;
    private long lastLine;
    private final java.util.List<java.util.concurrent.Future<?>> pendingWrites = new java.util.ArrayList<>();
    private volatile Throwable writeFailure;
    private volatile LogIdentity readIdentity;
    private volatile boolean changedBeforeRead;

    LogIngest(BatchRun batch, Path file, RunLogName name, LogFormat format, RunRecord run, SampleClock clock,
              Set<Long> rejectedBefore, boolean live, boolean dbWrites, long startOffset, long startLine, long endOffset, IngestTally tally) {
        this.batch = batch;
        this.file = file;
        this.name = name;
        this.format = format;
        this.run = run;
        this.clock = clock;
        this.rejectedBefore = rejectedBefore;
        this.live = live;
        this.dbWrites = dbWrites;
        this.startOffset = startOffset;
        this.startLine = startLine;
        this.endOffset = endOffset;
        this.tally = tally;
        this.linesDone = run == null ? 1 : run.linesDone();
        // reading from the top consumes the header, line 1, even when no data line follows yet
        this.lastLine = startOffset == 0 ? Math.max(startLine, 1) : startLine;
    }

    public BatchRun batch() { return batch; }
    public Path file() { return file; }
    public RunLogName name() { return name; }
    public String sourceFile() { return name.fileName(); }
    public LogFormat format() { return format; }
    /** The run row, or null when database writes are off. */
    public RunRecord run() { return run; }
    SampleClock clock() { return clock; }
    public boolean live() { return live; }
    public boolean dbWrites() { return dbWrites; }
    public boolean duplicate() { return batch.isDuplicate(); }
    /** Reading starts at this byte (0: the header) with this line number before it. */
    long startOffset() { return startOffset; }
    long startLine() { return startLine; }
    /** Reading stops here: after the last complete line of a live log, the end of a dropped file. */
    long endOffset() { return endOffset; }

    /** A line is skipped when an earlier reading already loaded or dead-lettered it. */
    synchronized boolean accounted(long line) {
        return line <= linesDone || rejectedBefore.contains(line);
    }

    public IngestTally tally() { return tally; }

    /** After a chunk has been written: its lines are accounted for, its samples widen the time span. */
    synchronized void chunkDone(SampleChunk chunk) {
        linesDone = Math.max(linesDone, chunk.lastLine());
        lastLine = Math.max(lastLine, chunk.lastLine());
        if (!chunk.samples().isEmpty()) {
            tally.sampled(chunk.samples().get(0).recordedAt());
            tally.sampled(chunk.samples().get(chunk.samples().size() - 1).recordedAt());
        }
    }

    public synchronized long lastLine() { return lastLine; }

    /** What the reading found, from the file it read: see {@link #readIdentity}. */
    void read(LogIdentity identity, boolean changedBefore) {
        this.readIdentity = identity;
        this.changedBeforeRead = changedBefore;
    }

    /**
     * The log's identity where this reading stopped, taken from the file the reading had open: its fingerprint is
     * null when the file no longer held, just before that position, the bytes the reading consumed (cut or rewritten
     * while the block was read). Null when nothing was read.
     */
    LogIdentity readIdentity() {
        return readIdentity;
    }

    /** The live log no longer held what its run had read when this reading opened it: nothing was read. */
    boolean changedBeforeRead() {
        return changedBeforeRead;
    }

    synchronized void pendingWrite(java.util.concurrent.Future<?> write) {
        pendingWrites.removeIf(java.util.concurrent.Future::isDone);
        pendingWrites.add(write);
    }

    synchronized java.util.List<java.util.concurrent.Future<?>> drainPendingWrites() {
        java.util.List<java.util.concurrent.Future<?>> all = java.util.List.copyOf(pendingWrites);
        pendingWrites.clear();
        return all;
    }

    void writeFailed(Throwable failure) {
        if (writeFailure == null) {
            writeFailure = failure;
        }
    }

    boolean writeFailed() {
        return writeFailure != null;
    }

    /** A chunk written behind failed: the reading stops with that failure. */
    void rethrowWriteFailure() {
        Throwable t = writeFailure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new IllegalStateException(t.getMessage(), t);
        }
    }
}
