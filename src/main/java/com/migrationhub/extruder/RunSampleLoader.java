package com.migrationhub.extruder;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.RejectedRowsFile;
import com.migrationhub.core.RowPayload;
import java.util.ArrayList;
import java.util.List;

/**
 * Loader: a translated chunk's rejects become dead letters (rows in {@code dead_letters} and lines appended to
 * {@code <log>.rejected.csv}) before its samples and the run's new position commit in one transaction, so after
 * a crash between the two the rejects are already on record and the re-read skips them instead of doubling them.
 */
public final class RunSampleLoader {

    private final RunStore store;
    private final DeadLetters deadLetters;
    private final HubHome home;

    public RunSampleLoader(RunStore store, DeadLetters deadLetters, HubHome home) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.home = home;
    }

    public void load(SampleChunk chunk) {
        LogIngest ingest = chunk.ingest();
        BatchRun batch = ingest.batch();
        if (!chunk.rejects().isEmpty()) {
            reject(ingest, chunk.rejects());
        }
        if (ingest.dbWrites()) {
            store.write(chunk);
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
        RejectedRowsFile file = RejectedRowsFile.appending(home.deadLetter(RunIngests.FLOW), ingest.sourceFile(), header);
        try {
            for (SampleChunk.Reject r : rejects) {
                letters.add(DeadLetter.of(RunIngests.FLOW, DeadLetter.ROW, ingest.sourceFile(), r.line(), r.reason(),
                        RowPayload.of(header, r.cells()), ingest.batch().id()));
                file.append(r.line(), r.cells(), r.reason());
            }
        } finally {
            file.commit();
        }
        deadLetters.record(letters);
    }
}
