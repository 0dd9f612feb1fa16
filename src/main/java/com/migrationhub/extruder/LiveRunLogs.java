package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.migrationhub.core.Archive;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.RejectedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the controller's own log folder ({@code hub.extruder.live-dir}) in place: the files are opened read-only,
 * never moved, renamed, locked or written. Each poll loads the complete lines a log gained since the stored
 * position (a half-written last line waits for the next flush); a log that has not grown for
 * {@code hub.extruder.run-idle} is read to its end, its run marked complete, parity-checked and a copy archived.
 * A live run is one batch from the first block this process reads to completion. A log that grows again after its
 * run completed (the hub was down, the controller paused longer than run-idle) reopens the run: no line is lost.
 */
public final class LiveRunLogs {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRunLogs.class);

    /** One log to read now; {@code last} when the run has gone idle and is read to its very end. */
    public record LiveRead(Path file, boolean last) {
    }

    private record LiveRun(BatchRun batch, IngestTally tally) {
    }

    private final Path liveDir;
    private final Duration idle;
    private final RunIngests ingests;
    private final RunStore store;
    private final EventStore events;
    private final BatchLedger ledger;
    private final Archive archive;
    private final IngestReport report;
    private final ParityCheck parity;
    private final Map<String, LiveRun> open = new ConcurrentHashMap<>();
    /** Logs this process found unreadable (bad name or header): reported once, not on every poll. */
    private final Map<Path, String> refused = new ConcurrentHashMap<>();
    private volatile boolean warnedWritesOff;
    /** Told of each live block stored (the cut-over's dual-write proof); nothing by default. */
    private volatile java.util.function.Consumer<LogIngest> onBlockStored = ingest -> { };

    public LiveRunLogs(Path liveDir, Duration idle, RunIngests ingests, RunStore store, EventStore events, BatchLedger ledger,
                       Archive archive,
                       IngestReport report, ParityCheck parity) {
        this.liveDir = liveDir;
        this.idle = idle;
        this.ingests = ingests;
        this.store = store;
        this.events = events;
        this.ledger = ledger;
        this.archive = archive;
        this.report = report;
        this.parity = parity;
    }

    /** The logs with new complete lines, and the recording runs that have gone idle. */
    public List<LiveRead> due() {
        List<LiveRead> due = new ArrayList<>();
        if (liveDir == null || !Files.isDirectory(liveDir)) {
            return due;
        }
        if (!ingests.dbWrites()) {
            // the runbook's flag off: the position of a live log lives in its run row, and nothing is written
            if (!warnedWritesOff) {
                warnedWritesOff = true;
                LOG.warn("hub.extruder.db-writes=false: live logs in {} are not tailed (drop finished logs into the inbox "
                        + "to have them read, archived and reported)", liveDir);
            }
            return due;
        }
        warnedWritesOff = false; // switched on again: say so again if it goes off
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(liveDir, "run_*.csv")) {
            for (Path file : logs) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || refused.containsKey(file)) {
                    continue;
                }
                RunRecord run = ingests.dbWrites() ? store.find(file.getFileName().toString()) : null;
                long from = run == null ? 0 : run.bytesDone();
                long size = Files.size(file);
                if (run != null && !run.recording() && size <= from) {
                    continue; // complete, and not grown since
                }
                boolean idleNow = Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now()).compareTo(idle) >= 0;
                if (idleNow) {
                    due.add(new LiveRead(file, true));
                } else if (size > from && LogReader.completeLinesEnd(file, from) > from) {
                    due.add(new LiveRead(file, false));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + liveDir, e);
        }
        return due;
    }

    /** A reading of the block the log grew by (to its end when the run has gone idle). */
    public LogIngest open(LiveRead read) {
        String name = read.file().getFileName().toString();
        LiveRun live = open.get(name);
        try {
            LogIngest ingest = ingests.open(read.file(), () -> null, true, live == null ? null : live.batch(),
                    live == null ? new IngestTally() : live.tally(), read.last());
            if (ingest.run() != null && !ingest.run().recording()) {
                // a log that grew after its run was called complete (the hub was down, or the controller paused
                // longer than run-idle): the run records again rather than lose the new lines
                store.setStatus(ingest.run().id(), RunRecord.RECORDING, null);
                LOG.warn("live log {} grew after its run {} was complete: recording again", name, ingest.run().id());
            }
            open.putIfAbsent(name, new LiveRun(ingest.batch(), ingest.tally()));
            return ingest;
        } catch (RejectedFileException e) {
            // a bad name or header in the controller's folder: reported once; the file is the controller's, left alone
            refused.put(read.file(), e.getMessage());
            LOG.warn("live log {} cannot be read: {}", read.file(), e.getMessage());
            return null;
        }
    }

    /** Who hears of each live block stored in the database. */
    public void onBlockStored(java.util.function.Consumer<LogIngest> listener) {
        this.onBlockStored = listener;
    }

    public LogReader.Chunks chunks(LogIngest ingest, LogReader reader) {
        return reader.chunks(ingest);
    }

    /** The block has loaded: the run's position moves past it; an idle run completes. */
    public void blockDone(LogIngest ingest, boolean last) {
        RunRecord run = ingest.run();
        BatchRun batch = ingest.batch();
        if (run != null) {
            store.blockDone(run.id(), ingest.endOffset(), Math.max(run.lineAtBytes(), ingest.lastLine()));
            onBlockStored.accept(ingest);
        }
        if (!last) {
            ledger.progress(batch);
            report.write(ingest, run == null ? null : store.find(run.id()), RunRecord.RECORDING, null);
            return;
        }
        Path copy = archive.keep(Flow.EXTRUDER.id(), ingest.file());
        Map<String, Object> check = null;
        if (run != null) {
            store.setStatus(run.id(), RunRecord.COMPLETE, copy.toAbsolutePath().toString());
            events.linkToRun(run.id());
            check = parity.check(store.find(run.id())).toMap();
        }
        ledger.close(batch, BatchLedger.DONE, null);
        ingests.release(batch);
        open.remove(ingest.sourceFile());
        report.write(ingest, run == null ? null : store.find(run.id()), RunRecord.COMPLETE, check);
        LOG.info("live run {} complete after {} idle: found {}, loaded {}, rejected {}, skipped {}; parity {}", ingest.sourceFile(),
                idle, batch.found(), batch.loaded(), batch.rejected(), batch.skipped(),
                check == null ? "not checked (database writes off)" : check.get("match"));
    }
}
