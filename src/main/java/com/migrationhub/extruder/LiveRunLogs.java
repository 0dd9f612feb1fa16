package com.migrationhub.extruder;

import com.migrationhub.core.Archive;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Flow;
import com.migrationhub.core.HubMetrics;
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
import java.util.Objects;
import java.util.TreeMap;
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
 * <p>
 * A file is more than its name ({@link #reconcile}): before each poll every log is matched to its run by its file
 * key and the fingerprint of what was read from it, so a log cut shorter, rewritten or replaced under its name is a
 * new recording (the old run ends honestly), a renamed log goes on as the same run, and a run whose log vanished
 * is abandoned after run-idle. A parity mismatch at completion is the run's status, a failed batch, a WARN, a
 * metric and a readiness warning.
 */
public final class LiveRunLogs {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRunLogs.class);

    /** One log to read now as the run keyed {@code source}; {@code last} when it has gone idle and is read to its end. */
    public record LiveRead(Path file, boolean last, String source) {
    }

    private record LiveRun(BatchRun batch, IngestTally tally, LogIngest latest) {
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
    private final HubMetrics metrics;
    /** This process's open live runs, by run key. */
    private final Map<String, LiveRun> open = new ConcurrentHashMap<>();
    /**
     * Logs this process found unreadable (bad name or header), with their file key and time: reported once, not on
     * every poll; the file written again, or another moved over the name, is looked at afresh.
     */
    private final Map<Path, String> refused = new ConcurrentHashMap<>();
    /** Recording runs whose log this process has found missing, since when. */
    private final Map<Long, Instant> missingSince = new ConcurrentHashMap<>();
    /** Complete runs' logs found to be what was read, with their size, time and key then. */
    private final Map<Path, String> checked = new ConcurrentHashMap<>();
    /** Recording runs that could not be followed, with why: warned once each. */
    private final java.util.Set<String> warnedRuns = ConcurrentHashMap.newKeySet();
    private volatile boolean warnedWritesOff;
    /** Told of each live block stored (the cut-over's dual-write proof); nothing by default. */
    private volatile java.util.function.Consumer<LogIngest> onBlockStored = ingest -> { };
    private boolean swept;

    public LiveRunLogs(Path liveDir, Duration idle, RunIngests ingests, RunStore store, EventStore events, BatchLedger ledger,
                       Archive archive, IngestReport report, ParityCheck parity, HubMetrics metrics) {
        this.liveDir = liveDir == null ? null : liveDir.toAbsolutePath().normalize();
        this.idle = idle;
        this.ingests = ingests;
        this.store = store;
        this.events = events;
        this.ledger = ledger;
        this.archive = archive;
        this.report = report;
        this.parity = parity;
        this.metrics = metrics;
    }

    private boolean tailing() {
        if (liveDir == null || !Files.isDirectory(liveDir)) {
            return false;
        }
        if (!ingests.dbWrites()) {
            // the runbook's flag off: the position of a live log lives in its run row, and nothing is written
            if (!warnedWritesOff) {
                warnedWritesOff = true;
                LOG.warn("hub.extruder.db-writes=false: live logs in {} are not tailed (drop finished logs into the inbox "
                        + "to have them read, archived and reported)", liveDir);
            }
            return false;
        }
        warnedWritesOff = false; // switched on again: say so again if it goes off
        return true;
    }

    /** The run logs in the live folder by name (regular files; a symbolic link is not followed). */
    private Map<String, Path> logs() {
        Map<String, Path> logs = new TreeMap<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(liveDir, "run_*.csv")) {
            for (Path file : found) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && !(refused.containsKey(file) && refused.get(file).equals(version(file)))) {
                    logs.put(file.getFileName().toString(), file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + liveDir, e);
        }
        return logs;
    }

    /**
     * Before reading: each log is checked against the run last read from it under its name. The same bytes up to
     * the stored position (a new file key too: a copy moved over it with the same content) — the same log. Fewer
     * bytes, or other bytes — the old run ends ({@code truncated}, or {@code replaced} when another file took the
     * name) and the file is a new recording. A recording run whose name is gone follows its log to a new name when
     * a file there has its key (or, once a data line was read, its fingerprint alone) and its fingerprint; else it
     * is abandoned once it has been missing for run-idle.
     */
    public void reconcile() {
        if (!tailing()) {
            return;
        }
        if (!swept) {
            abandonBatchesOfEndedRuns();
            swept = true;
        }
        Map<String, Path> logs = logs();
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            try {
                RunRecord run = store.findLive(log.getKey());
                if (run == null) {
                    continue;
                }
                // the controller's folder keeps every finished log: one already checked and unchanged since is not read again
                String state = run.id() + "|" + run.status() + "|" + run.bytesDone() + "|" + size(log.getValue()) + "|"
                        + modified(log.getValue()) + "|" + LogIdentity.fileKey(log.getValue());
                if (run.recording() || !state.equals(checked.get(log.getValue()))) {
                    checked.remove(log.getValue());
                    if (checkIdentity(run, log.getValue()) && !run.recording()) {
                        checked.put(log.getValue(), state);
                    }
                }
            } catch (RuntimeException e) {
                refuse(log.getValue(), e); // one log that cannot be checked stops no other
            }
        }
        for (RunRecord run : store.recording()) {
            try {
                followOrAbandon(run, logs);
            } catch (RuntimeException e) {
                String why = RejectedFileException.reasonFor(e);
                if (warnedRuns.add(run.id() + why)) {
                    LOG.warn("live run {} ({}) cannot be followed: {}; tried again on each look", run.id(), run.sourceFile(), why);
                }
            }
        }
    }

    /**
     * A live log that cannot be read or loaded (an I/O error, the database refusing its block): its batch closed failed,
     * one WARN, and the file, as it is now, left alone until it changes (its key or time); the other logs go on.
     */
    public void failed(LiveRead read, Exception cause) {
        LiveRun live = open.remove(read.source());
        if (live != null) {
            try {
                ledger.close(live.batch(), BatchLedger.FAILED, "live log " + read.file().getFileName() + ": "
                        + RejectedFileException.reasonFor(cause));
                ingests.release(live.batch());
            } catch (RuntimeException e) {
                // the ledger refuses too: the WARN below says what failed; the batch is abandoned at the next start
            }
        } else {
            try {
                // failed while opening: the batch it opened for the file, if any, is not left running
                ledger.failRunning(Flow.EXTRUDER.id(), read.source(), Instant.EPOCH, "live log " + read.file().getFileName()
                        + ": " + RejectedFileException.reasonFor(cause));
            } catch (RuntimeException e) {
                // as above
            }
        }
        refuse(read.file(), cause);
    }

    private void refuse(Path file, Exception cause) {
        String version;
        try {
            version = version(file);
        } catch (RuntimeException e) {
            version = "unreadable";
        }
        if (!version.equals(refused.put(file, version))) {
            LOG.warn("live log {} cannot be read: {}; left alone until it changes", file.getFileName(), RejectedFileException.reasonFor(cause));
        }
    }

    /** A recording run whose log is gone from its name: followed to its new name, or abandoned after run-idle. */
    private void followOrAbandon(RunRecord run, Map<String, Path> logs) {
        if (!inLiveDir(run) || run.liveName() == null || logs.containsKey(run.liveName())) {
            missingSince.remove(run.id());
            return;
        }
        Path renamed = renamedTo(run, logs);
        if (renamed != null) {
            store.follow(run.id(), renamed.getFileName().toString(), LogIdentity.fileKey(renamed), renamed.toString());
            missingSince.remove(run.id());
            metrics.extruderLogChanged("renamed");
            LOG.warn("live log {} of run {} was renamed to {}: reading goes on from line {} of the same run", run.liveName(),
                    run.id(), renamed.getFileName(), run.lineAtBytes());
            return;
        }
        Instant since = missingSince.computeIfAbsent(run.id(), id -> Instant.now());
        if (Duration.between(since, Instant.now()).compareTo(idle) >= 0) {
            end(run, RunRecord.ABANDONED, "its log " + run.liveName() + " vanished from " + liveDir + " and did not come back "
                    + "within run-idle (" + idle + "); the " + run.sampleCount() + " samples read up to line " + run.linesDone()
                    + " are kept, no copy could be archived");
            missingSince.remove(run.id());
        }
    }

    /**
     * Once per process: a batch a killed process left running for a run that has ended since (killed between ending
     * the run and closing its batch) is abandoned with what it loaded; a recording run's is taken over when read on.
     */
    private void abandonBatchesOfEndedRuns() {
        for (long id : ledger.running(Flow.EXTRUDER.id())) {
            String source = ledger.find(id).source();
            RunRecord run = store.find(source);
            if (run != null && !run.recording()) {
                ingests.abandonDeadBatches(source, run);
            }
        }
    }

    /** Whether the run's log under its name is still the file it was read from; if not, the run ends and the name is free. */
    private boolean checkIdentity(RunRecord run, Path file) {
        String key = LogIdentity.fileKey(file);
        String fingerprint = LogIdentity.fingerprint(file, run.bytesDone());
        if (run.fingerprint() == null || run.fingerprint().equals(fingerprint)) {
            if (key != null && run.fileKey() != null && !key.equals(run.fileKey())) {
                // another file moved over it, holding the same bytes up to where reading stopped: the same log
                store.follow(run.id(), run.liveName(), key, file.toString());
                LOG.info("live log {} of run {} is a new file holding the same content up to byte {}: reading goes on",
                        run.liveName(), run.id(), run.bytesDone());
            }
            return true;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false; // gone since the folder was listed (renamed, deleted): the next look finds where it went
        }
        long size = size(file);
        boolean sameFile = key == null || Objects.equals(key, run.fileKey());
        String status = sameFile ? RunRecord.TRUNCATED : RunRecord.REPLACED;
        String how = !sameFile ? "was replaced by another file with other content (" + size + " bytes)"
                : fingerprint == null ? "was cut to " + size + " bytes, shorter than the " + run.bytesDone() + " already read"
                : "was rewritten: its bytes before position " + run.bytesDone() + " are not the ones read";
        end(run, status, "its log " + run.liveName() + " " + how + "; the " + run.sampleCount() + " samples read up to line "
                + run.linesDone() + " are kept as they were read, the file's content is a new recording");
        return false;
    }

    /** A file under a name no run follows whose key and fingerprint are the vanished log's. */
    private Path renamedTo(RunRecord run, Map<String, Path> logs) {
        if (run.fingerprint() == null) {
            return null;
        }
        for (Path file : logs.values()) {
            String name = file.getFileName().toString();
            if (store.findLive(name) != null || !run.fingerprint().equals(LogIdentity.fingerprint(file, run.bytesDone()))) {
                continue;
            }
            String key = LogIdentity.fileKey(file);
            // the header alone is the same in every log: without a data line read, only the file key can tell
            if (Objects.equals(key, run.fileKey()) || run.lineAtBytes() >= 2) {
                return file;
            }
        }
        return null;
    }

    private boolean inLiveDir(RunRecord run) {
        return run.sourcePath() != null && Objects.equals(Path.of(run.sourcePath()).toAbsolutePath().normalize().getParent(), liveDir);
    }

    /**
     * A run whose log stopped being the file it was read from: it ends in {@code status} with the reason (a
     * complete run stays complete), its batch is closed (or, left by a process that died, abandoned) and the name
     * is free for the next recording. A WARN and a metric say so.
     */
    private void end(RunRecord run, String status, String reason) {
        store.end(run.id(), status, reason);
        LiveRun live = open.remove(run.sourceFile());
        if (live != null) {
            ledger.close(live.batch(), BatchLedger.ABANDONED, "run " + run.id() + " " + status + ": " + reason);
            ingests.release(live.batch());
            report.write(live.latest(), store.find(run.id()), status, null);
        } else {
            ingests.abandonDeadBatches(run.sourceFile(), run);
        }
        metrics.extruderLogChanged(status);
        LOG.warn("live run {} ({}) {}: {}", run.id(), run.sourceFile(), run.recording() ? "ends " + status : "stays complete", reason);
    }

    /** The logs with new complete lines, and the recording runs that have gone idle. */
    public List<LiveRead> due() {
        List<LiveRead> due = new ArrayList<>();
        if (!tailing()) {
            return due;
        }
        for (Map.Entry<String, Path> log : logs().entrySet()) {
            Path file = log.getValue();
            try {
                RunRecord run = store.findLive(log.getKey());
                long from = run == null ? 0 : run.bytesDone();
                long size = size(file);
                if (run != null && !run.recording() && size <= from) {
                    continue; // complete, and not grown since
                }
                String source = run != null ? run.sourceFile() : freeKey(log.getKey());
                boolean idleNow = Duration.between(modified(file), Instant.now()).compareTo(idle) >= 0;
                if (idleNow && size > 0) {
                    due.add(new LiveRead(file, true, source));
                } else if (size > from && LogReader.completeLinesEnd(file, from) > from) {
                    due.add(new LiveRead(file, false, source));
                }
            } catch (RuntimeException e) {
                refuse(file, e); // one log that cannot be looked at stops no other
            }
        }
        return due;
    }

    /** The key of a new run for a log under this name: the name, or {@code name#2}, {@code #3}... once it is taken. */
    private String freeKey(String name) {
        String key = name;
        for (int n = 2; store.find(key) != null; n++) {
            key = name + "#" + n;
        }
        return key;
    }

    /** A reading of the block the log grew by (to its end when the run has gone idle). */
    public LogIngest open(LiveRead read) {
        LiveRun live = open.get(read.source());
        try {
            LogIngest ingest = ingests.open(read.file(), read.source(), () -> null, true, live == null ? null : live.batch(),
                    live == null ? new IngestTally() : live.tally(), read.last());
            if (ingest.run() != null && !ingest.run().recording()) {
                // a log that grew after its run was called complete (the hub was down, or the controller paused
                // longer than run-idle): the run records again rather than lose the new lines
                store.setStatus(ingest.run().id(), RunRecord.RECORDING, read.file().toAbsolutePath().toString());
                LOG.warn("live log {} grew after its run {} was complete: recording again", read.file().getFileName(),
                        ingest.run().id());
            }
            open.put(read.source(), new LiveRun(ingest.batch(), ingest.tally(), ingest));
            return ingest;
        } catch (RejectedFileException e) {
            // a bad name or header in the controller's folder: reported once; the file is the controller's, left alone
            refused.put(read.file(), version(read.file()));
            LOG.warn("live log {} cannot be read: {}", read.file(), e.getMessage());
            return null;
        }
    }

    public LogReader.Chunks chunks(LogIngest ingest, LogReader reader) {
        return reader.chunks(ingest);
    }

    /** Who hears of each live block stored in the database. */
    public void onBlockStored(java.util.function.Consumer<LogIngest> listener) {
        this.onBlockStored = listener;
    }

    /** The block has loaded: the run's position and the log's identity move past it; an idle run completes. */
    public void blockDone(LogIngest ingest, boolean last) {
        RunRecord run = ingest.run();
        BatchRun batch = ingest.batch();
        if (ingest.changedBeforeRead()) {
            return; // the log is no longer what the run read: the next look ends the run, and reads the file as new
        }
        LogIdentity identity = ingest.readIdentity() != null ? ingest.readIdentity() : LogIdentity.of(ingest.file(), ingest.endOffset());
        if (identity.fingerprint() == null) {
            // cut or rewritten while this block was read: what it loaded may mix the old content and the new
            end(store.find(run.id()), RunRecord.TRUNCATED, "its log " + ingest.file().getFileName() + " changed while lines "
                    + (run.lineAtBytes() + 1) + " to " + ingest.lastLine() + " were being read: those may mix its old and new "
                    + "content; the file is a new recording");
            return;
        }
        store.blockDone(run.id(), ingest.endOffset(), Math.max(run.lineAtBytes(), ingest.lastLine()), identity);
        onBlockStored.accept(ingest);
        if (!last) {
            ledger.progress(batch);
            report.write(ingest, store.find(run.id()), RunRecord.RECORDING, null);
            return;
        }
        String copy = archive.keep(Flow.EXTRUDER.id(), ingest.file()).toAbsolutePath().toString();
        // checked as the complete run it is about to be: the whole archived copy against the stored samples
        ParityCheck.RunParity check = parity.check(store.find(run.id()).as(RunRecord.COMPLETE, copy));
        String status = check.match() ? RunRecord.COMPLETE : RunRecord.PARITY_MISMATCH;
        String reason = check.match() ? null : "parity mismatch: " + check.differences() + " differences between "
                + Path.of(copy).getFileName() + " and the stored samples" + (check.listed().isEmpty() ? "" : ", first: "
                + check.listed().get(0));
        store.setStatus(run.id(), status, copy, reason);
        events.linkToRun(run.id());
        if (check.match()) {
            ledger.close(batch, BatchLedger.DONE, null);
            LOG.info("live run {} complete after {} idle: found {}, loaded {}, rejected {}, skipped {}; parity matches",
                    ingest.sourceFile(), idle, batch.found(), batch.loaded(), batch.rejected(), batch.skipped());
        } else {
            ledger.close(batch, BatchLedger.FAILED, reason);
            metrics.extruderParityMismatch();
            LOG.warn("live run {} ({}) ended with a {} (./hub extruder-verify lists them)", run.id(), ingest.sourceFile(), reason);
        }
        ingests.release(batch);
        open.remove(ingest.sourceFile());
        report.write(ingest, store.find(run.id()), status, check.toMap());
    }

    /** For the readiness check: the runs whose samples and log disagreed at completion, or null when there are none. */
    public String attention() {
        List<RunRecord> mismatched = store.withStatus(RunRecord.PARITY_MISMATCH);
        if (mismatched.isEmpty()) {
            return null;
        }
        return mismatched.size() + " extruder run(s) failed their parity check at completion (runs "
                + String.join(", ", mismatched.stream().limit(10).map(r -> r.id() + " " + r.sourceFile()).toList())
                + "): ./hub extruder-verify, then replay or roll back their batches";
    }

    /** Which file is under a path, and when it was last written. */
    private static String version(Path file) {
        return LogIdentity.fileKey(file) + "@" + modified(file);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (java.nio.file.NoSuchFileException e) {
            return Instant.now();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
