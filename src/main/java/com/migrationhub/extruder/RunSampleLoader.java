package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.RejectedRowsFile;
import com.migrationhub.core.RowPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Loader: a translated chunk's rejects become dead letters (rows in {@code dead_letters} and lines appended to
 * {@code <log>.rejected.csv}) before its samples and the run's new position commit in one transaction, so after
 * a crash between the two the rejects are already on record and the re-read skips them instead of doubling them.
 * <p>
 * Writes go behind, in order, on the one writer thread ({@code extruderWriter}, two chunks queued at most): the
 * next chunk is read and translated on the other core while SQLite writes this one. {@link #flush} waits for a
 * reading's writes and reports the first that failed; after a failure the reading's later chunks are not written,
 * so the stored position never passes a line that was not stored.
 */
public final class RunSampleLoader {

    private final RunStore store;
    private final DeadLetters deadLetters;
    private final HubHome home;
    private final ExecutorService writer;

    public RunSampleLoader(RunStore store, DeadLetters deadLetters, HubHome home, ExecutorService writer) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.home = home;
        this.writer = writer;
    }

    public void load(SampleChunk chunk) {
        LogIngest ingest = chunk.ingest();
        ingest.rethrowWriteFailure();
        ingest.pendingWrite(writer.submit(() -> {
            if (!ingest.writeFailed()) {
                try {
                    write(chunk);
                } catch (RuntimeException e) {
                    ingest.writeFailed(e);
                    throw e;
                }
            }
            return null;
        }));
    }

    /** Waits until every chunk of the reading is written; throws the first write failure. */
    public void flush(LogIngest ingest) throws InterruptedException {
        for (Future<?> f : ingest.drainPendingWrites()) {
            try {
                f.get();
            } catch (ExecutionException e) {
                ingest.writeFailed(e.getCause());
            }
        }
        ingest.rethrowWriteFailure();
    }

    private void write(SampleChunk chunk) {
        LogIngest ingest = chunk.ingest();
        BatchRun batch = ingest.batch();
        if (!chunk.rejects().isEmpty()) {
            reject(ingest, chunk.rejects());
        }
        if (ingest.dbWrites()) {
            store.write(chunk, true);
            batch.countLoaded(chunk.samples().size());
            batch.countSkipped(chunk.skipped());
        } else {
            // database writes off (the runbook's flag): read and counted, nothing written
            batch.countSkipped(chunk.skipped() + chunk.samples().size());
        }
        batch.countRejected(chunk.rejects().size());
        batch.countFound(chunk.found());
        ingest.chunkDone(chunk);
    }

    private void reject(LogIngest ingest, List<SampleChunk.Reject> rejects) {
        List<String> header = ingest.format().header();
        List<DeadLetter> letters = new ArrayList<>(rejects.size());
        RejectedRowsFile file = RejectedRowsFile.appending(home.deadLetter(Flow.EXTRUDER.id()), ingest.sourceFile(), header);
        try {
            for (SampleChunk.Reject r : rejects) {
                letters.add(DeadLetter.of(Flow.EXTRUDER.id(), DeadLetter.ROW, ingest.sourceFile(), r.line(), r.reason(),
                        RowPayload.of(header, r.cells()), ingest.batch().id()));
                file.append(r.line(), r.cells(), r.reason());
            }
        } finally {
            file.commit();
        }
        deadLetters.record(letters);
    }
}
