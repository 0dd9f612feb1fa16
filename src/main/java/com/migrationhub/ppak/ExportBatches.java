package com.migrationhub.ppak;

import com.migrationhub.core.Flow;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.FileDeadLetters;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.RejectedFileException;
import com.migrationhub.core.RejectedRowsFile;
import java.io.File;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one PPak export as a batch: opened when the file is taken (content hash, duplicate
 * check), closed when its last chunk committed (counts, dead-letter file, canonical snapshot, summary
 * report, archived original), or rejected whole by the dead-letter channel.
 */
public final class ExportBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ExportBatches.class);

    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final ExportReader reader;
    private final FileDeadLetters fileDeadLetters;
    private final ExportArchiving archiving;
    private final MigrationSummary summary;
    private final CanonicalSnapshot snapshot;
    private final HubHome home;
    private final ExportBatchState.Held states;

    ExportBatches(BatchLedger ledger, DeadLetters deadLetters, ExportReader reader,
                  FileDeadLetters fileDeadLetters, ExportArchiving archiving, MigrationSummary summary,
                  CanonicalSnapshot snapshot, HubHome home, ExportBatchState.Held states) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.reader = reader;
        this.fileDeadLetters = fileDeadLetters;
        this.archiving = archiving;
        this.summary = summary;
        this.snapshot = snapshot;
        this.home = home;
        this.states = states;
    }

    /** Takes a file; {@code replayOf} is the dead letter being replayed when the file is one, else null. */
    public BatchRun open(File file, Long replayOf) {
        BatchRun run = ledger.open(Flow.PPAK.id(), file.getName(), Hashing.sha256(file.toPath()));
        if (replayOf != null) {
            states.of(run).replayOf(replayOf);
        }
        // Opening marked an unfinished earlier run of this content abandoned: its temporary snapshot goes too.
        snapshot.removeAbandoned(id -> id != run.id() && !BatchLedger.RUNNING.equals(statusOf(id)));
        archiving.begin(file, run);
        LOG.info("batch {}: {} taken{}", run.id(), file.getName(),
                run.isDuplicate() ? " (same content as batch " + run.duplicateOf() + ")" : "");
        return run;
    }

    /** The same content was processed before: every row counts as skipped, nothing is loaded again. */
    public void skipDuplicate(File file, BatchRun run) {
        long rows = ExportName.parse(file.getName()).isPresent() ? reader.countRows(file) : 0;
        run.countFound(rows);
        run.countSkipped(rows);
        run.countRead(file.length());
        archiving.finish(file, run);
        ledger.close(run, BatchLedger.DUPLICATE, "duplicate file: same content as batch " + run.duplicateOf());
        markReplayed(run);
        summary.write(run.source());
        LOG.info("batch {}: {} skipped as a duplicate of batch {} ({} rows)", run.id(), file.getName(), run.duplicateOf(), rows);
    }

    /** The export kind of a chunk, for the content-based router. */
    public String kindOf(RowChunk chunk) {
        return chunk.kind().name();
    }

    /** The chunk waits until every chunk before it in the file has loaded. */
    public void awaitTurn(ChunkOutcome<?> outcome) {
        RowChunk chunk = outcome.chunk();
        states.of(chunk.batch()).loadOrder().awaitTurn(chunk.sequence());
    }

    /** The chunk has loaded (or failed): the next one may go. */
    public void turnDone(RowChunk chunk) {
        states.of(chunk.batch()).loadOrder().done(chunk.sequence());
    }

    /** Appends a loaded chunk's rejects to the batch's dead-letter CSV. */
    public void writeRejects(ChunkOutcome<?> outcome) {
        if (outcome.rejects().isEmpty()) {
            return;
        }
        RowChunk chunk = outcome.chunk();
        RejectedRowsFile file = states.of(chunk.batch()).rejectedRows(
                () -> new RejectedRowsFile(home.deadLetter(Flow.PPAK.id()), chunk.export().fileName(), chunk.columns().header()));
        for (ChunkOutcome.Reject r : outcome.rejects()) {
            file.append(r.row().line(), r.row().cells(), r.reason());
        }
    }

    /** Every output is in place before the ledger calls the batch done; the summary reads the ledger. */
    public void close(File file, BatchRun run) {
        RejectedRowsFile rejectedRows = states.of(run).rejectedRows();
        Path rejects = rejectedRows == null ? null : rejectedRows.commit();
        snapshot.commit(run, ExportName.parse(file.getName()).orElseThrow());
        archiving.finish(file, run);
        ledger.close(run, BatchLedger.DONE, null);
        markReplayed(run);
        summary.write(run.source());
        LOG.info("batch {}: {} done: found {}, loaded {} ({} updated), rejected {}, skipped {}{}", run.id(), file.getName(),
                run.found(), run.loaded(), run.updated(), run.rejected(), run.skipped(),
                rejects == null ? "" : "; rejects in " + rejects);
    }

    private void markReplayed(BatchRun run) {
        Long replayOf = states.of(run).replayOf();
        if (replayOf != null) {
            deadLetters.markReplayed(replayOf, run.id());
        }
    }

    /**
     * The dead-letter channel's end: the whole file is rejected, with its reason. Its batch is closed whatever happens:
     * when the dead letter cannot be written, failed, and the failure goes on to the inbox's poison rule (the channel
     * does not swallow it), so the consumer does not delete the only copy.
     */
    public void rejectFile(File file, Exception cause, BatchRun run) {
        boolean expected = RejectedFileException.within(cause) != null;
        String reason = RejectedFileException.reasonFor(cause);
        if (run == null) {
            run = ledger.open(Flow.PPAK.id(), file.getName(), null);
        } else if (!BatchLedger.RUNNING.equals(statusOf(run))) {
            // the channel ran for this file before and could not write its dead letter: the failure goes on as it is
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
        String status = BatchLedger.FAILED;
        String closing = reason;
        try {
            RejectedRowsFile partial = states.of(run).rejectedRows();
            if (partial != null) {
                partial.commit();
            }
            snapshot.discard(run);
            archiving.cancel(run);
            Long replayOf = states.of(run).replayOf();
            if (replayOf == null) {
                fileDeadLetters.reject(Flow.PPAK.id(), file.toPath(), reason, run.id());
            } else {
                deadLetters.updateReason(replayOf, reason);
                AtomicFiles.writeString(file.toPath().resolveSibling(file.getName() + ".reason.txt"), reason + System.lineSeparator());
            }
            status = BatchLedger.REJECTED_FILE;
        } catch (RuntimeException e) {
            closing = reason + "; could not be dead-lettered: " + RejectedFileException.writeFailure(e);
            throw e;
        } finally {
            ledger.close(run, status, closing);
            summary.write(run.source());
        }
        if (expected) {
            LOG.warn("batch {}: {} rejected: {}", run.id(), file.getName(), reason);
        } else {
            LOG.error("batch {}: {} failed", run.id(), file.getName(), cause);
        }
    }

    /** A batch for replaying one dead-letter row. */
    public BatchRun openReplay(String source) {
        BatchRun run = ledger.open(Flow.PPAK.id(), source, null);
        states.of(run).markRowReplay();
        return run;
    }

    public void closeReplay(BatchRun run, ExportName export, boolean loaded) {
        if (loaded) {
            snapshot.commit(run, export);
        } else {
            snapshot.discard(run);
        }
        ledger.close(run, BatchLedger.DONE, null);
        summary.write(run.source());
    }

    public CanonicalSnapshot snapshot() {
        return snapshot;
    }

    public String statusOf(BatchRun run) {
        return statusOf(run.id());
    }

    private String statusOf(long id) {
        BatchLedger.Batch batch = ledger.find(id);
        return batch == null ? null : batch.status();
    }

    /** A link's dead letter is never replayed through the link: it stays a dead letter with that reason. */
    public com.migrationhub.core.ReplayOutcome refuseLink(com.migrationhub.core.DeadLetter letter) {
        deadLetters.updateReason(letter.id(), com.migrationhub.core.InboxSweep.LINK_REASON);
        return com.migrationhub.core.ReplayOutcome.rejected(letter.id(), null, com.migrationhub.core.InboxSweep.LINK_REASON);
    }

    public String reasonOf(long deadLetterId) {
        return deadLetters.find(deadLetterId).reason();
    }
}
