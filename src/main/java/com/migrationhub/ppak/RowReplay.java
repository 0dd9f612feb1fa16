package com.migrationhub.ppak;

import com.migrationhub.core.RowPayload;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.ReplayOutcome;
import com.migrationhub.core.SourceRow;
import java.io.File;
import java.util.List;

/**
 * Puts a PPak dead letter back through the flow. A rejected row becomes a one-row chunk with its
 * original header and line; a rejected file is the dead-letter copy of the file, processed again.
 */
public final class RowReplay {

    private final ExportBatches batches;

    RowReplay(ExportBatches batches) {
        this.batches = batches;
    }

    public boolean isFile(DeadLetter letter) {
        return letter.isFile();
    }

    public boolean isLink(DeadLetter letter) {
        return letter.isFile() && com.migrationhub.core.InboxSweep.isLink(letter.fileCopy().toPath());
    }

    public ReplayOutcome refuseLink(DeadLetter letter) {
        return batches.refuseLink(letter);
    }

    public File fileOf(DeadLetter letter) {
        return letter.fileCopy();
    }

    public BatchRun open(DeadLetter letter) {
        return batches.openReplay("replay of dead letter " + letter.id() + " (" + letter.sourceFile() + ")");
    }

    public RowChunk chunkOf(DeadLetter letter, BatchRun run) {
        ExportName export = ExportName.parse(letter.sourceFile()).orElseThrow(() ->
                new IllegalArgumentException("dead letter " + letter.id() + " names no PPak export: " + letter.sourceFile()));
        RowPayload row = RowPayload.parse(letter.payload());
        Columns columns = Columns.resolve(export.kind(), row.header());
        return new RowChunk(run, export, columns, List.of(new SourceRow(letter.line() == null ? 0 : letter.line(), row.cells())), 0);
    }

    /** Closes the replay's batch; a loaded row refreshes the canonical snapshot of its export. */
    public ReplayOutcome finish(ReplayOutcome outcome, BatchRun run, DeadLetter letter) {
        batches.closeReplay(run, ExportName.parse(letter.sourceFile()).orElseThrow(), outcome.loaded());
        return outcome;
    }

    /** After a file replay: loaded when its batch finished, otherwise it stays a dead letter. */
    public ReplayOutcome fileOutcome(DeadLetter letter, BatchRun run) {
        if (run != null && BatchLedger.DONE.equals(batches.statusOf(run))) {
            return ReplayOutcome.loaded(letter.id(), run.id());
        }
        return ReplayOutcome.rejected(letter.id(), run == null ? null : run.id(), batches.reasonOf(letter.id()));
    }
}
