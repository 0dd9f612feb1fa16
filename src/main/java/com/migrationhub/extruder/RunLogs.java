package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.migrationhub.core.Archive;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.FileDeadLetters;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.RejectedFileException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a run log dropped into {@code inbox/extruder/logs/} (a backfill) as a batch: opened when the file is
 * taken (name, header, content hash), closed when its last chunk committed (run complete, archived, reported), or
 * rejected whole by the dead-letter channel. The same content again is skipped; a longer copy of a log already
 * loaded loads only its new lines.
 */
public final class RunLogs {

    private static final Logger LOG = LoggerFactory.getLogger(RunLogs.class);

    private final RunIngests ingests;
    private final RunStore store;
    private final EventStore events;
    private final BatchLedger ledger;
    private final FileDeadLetters fileDeadLetters;
    private final com.migrationhub.core.DeadLetters deadLetters;
    private final Archive archive;
    private final IngestReport report;
    private final LogReader reader;
    /**
     * The inbox's originals leave it (archived, or dead-lettered) once their batch is settled; a foreign folder
     * ({@code extruder-ingest --dir}) is only read.
     */
    private final boolean originalsDeleted;

    public RunLogs(RunIngests ingests, RunStore store, EventStore events, BatchLedger ledger, com.migrationhub.core.DeadLetters deadLetters,
                   FileDeadLetters fileDeadLetters, Archive archive,
                   IngestReport report, LogReader reader, boolean originalsDeleted) {
        this.ingests = ingests;
        this.store = store;
        this.events = events;
        this.ledger = ledger;
        this.fileDeadLetters = fileDeadLetters;
        this.deadLetters = deadLetters;
        this.archive = archive;
        this.report = report;
        this.reader = reader;
        this.originalsDeleted = originalsDeleted;
    }

    public LogIngest open(File file) {
        Path path = file.toPath();
        LogIngest ingest = ingests.open(path, null, () -> Hashing.sha256(path), false, null, new IngestTally(), true);
        LOG.info("batch {}: {} taken (v{} log{})", ingest.batch().id(), file.getName(), ingest.format().version(),
                ingest.duplicate() ? ", same content as batch " + ingest.batch().duplicateOf() : "");
        return ingest;
    }

    public LogReader.Chunks chunks(LogIngest ingest) {
        return reader.chunks(ingest);
    }

    /** The same content was loaded before: every line counts as skipped. */
    public void skipDuplicate(LogIngest ingest) {
        long lines = countLines(ingest.file());
        BatchRun batch = ingest.batch();
        batch.countFound(lines);
        batch.countSkipped(lines);
        batch.countRead(ingest.file().toFile().length());
        keep(ingest.file());
        ledger.close(batch, BatchLedger.DUPLICATE, "duplicate file: same content as batch " + batch.duplicateOf());
        ingests.release(batch);
        report.write(ingest, ingest.run(), "duplicate", null);
        LOG.info("batch {}: {} skipped as a duplicate of batch {} ({} lines)", batch.id(), ingest.sourceFile(),
                batch.duplicateOf(), lines);
    }

    /** Every line is loaded, rejected or skipped: the run is complete, the original archived, the ledger closed. */
    public void close(LogIngest ingest) {
        BatchRun batch = ingest.batch();
        RunRecord run = ingest.run();
        if (run != null) {
            // a synchronous commit: every chunk is durable before the original leaves the inbox
            store.blockDone(run.id(), ingest.endOffset(), Math.max(run.lineAtBytes(), ingest.lastLine()), ingest.readIdentity() != null
                    ? ingest.readIdentity() : LogIdentity.of(ingest.file(), ingest.endOffset()));
        }
        Path archived = keep(ingest.file());
        if (run != null) {
            store.setStatus(run.id(), RunRecord.COMPLETE, archived.toAbsolutePath().toString());
            events.linkToRun(run.id());
            run = store.find(run.id());
        }
        ledger.close(batch, BatchLedger.DONE, null);
        ingests.release(batch);
        report.write(ingest, run, "complete", null);
        LOG.info("batch {}: {} done: found {}, loaded {}, rejected {}, skipped {}", batch.id(), ingest.sourceFile(),
                batch.found(), batch.loaded(), batch.rejected(), batch.skipped());
    }

    /**
     * The dead-letter channel's end: the whole file is rejected with a plain reason. Its batch is closed whatever
     * happens: when the dead letter cannot be written, failed, and the failure goes on (to the inbox's poison rule).
     */
    public void rejectFile(File file, Exception cause, LogIngest ingest, Long replayOf) {
        boolean expected = RejectedFileException.within(cause) != null;
        String reason = RejectedFileException.reasonFor(cause);
        BatchRun batch = ingest != null ? ingest.batch() : ledger.open(Flow.EXTRUDER.id(), file.getName(), null);
        BatchLedger.Batch now = ledger.find(batch.id());
        if (now != null && !BatchLedger.RUNNING.equals(now.status())) {
            // the channel ran for this file before and could not write its dead letter: the failure goes on as it is
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
        String status = BatchLedger.FAILED;
        String closing = reason;
        try {
            if (replayOf == null) {
                fileDeadLetters.reject(Flow.EXTRUDER.id(), file.toPath(), reason, batch.id());
                status = BatchLedger.REJECTED_FILE;
                if (originalsDeleted) {
                    removeFromInbox(file.toPath());
                }
            } else {
                deadLetters.updateReason(replayOf, reason);
                status = BatchLedger.REJECTED_FILE;
            }
        } catch (RuntimeException e) {
            if (BatchLedger.FAILED.equals(status)) {
                closing = reason + "; could not be dead-lettered: " + RejectedFileException.writeFailure(e);
            }
            throw e;
        } finally {
            ledger.close(batch, status, closing);
            ingests.release(batch);
        }
        if (expected) {
            LOG.warn("batch {}: {} rejected: {}", batch.id(), file.getName(), reason);
        } else {
            LOG.error("batch {}: {} failed", batch.id(), file.getName(), cause);
        }
    }

    /** The inbox's original moves into the archive; a foreign folder's is copied and stays. */
    private Path keep(Path original) {
        return originalsDeleted ? archive.moveIn(Flow.EXTRUDER.id(), original) : archive.keep(Flow.EXTRUDER.id(), original);
    }

    /** A rejected original leaves the inbox once its dead-letter copy is written. */
    static void removeFromInbox(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + " from the inbox", e);
        }
    }

    private static long countLines(Path file) {
        long lines = 0;
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            int n;
            int last = '\n';
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                last = buf[n - 1];
            }
            if (last != '\n') {
                lines++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Math.max(0, lines - 1); // the header is not a data line
    }
}
