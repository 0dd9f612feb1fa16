package com.migrationhub.extruder;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.Flow;
import com.migrationhub.core.RejectedFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a reading of a run log, dropped or live: checks its name and header, finds or creates its run, takes over
 * from a batch whose process died (marked abandoned with what it really loaded), and starts reading where the
 * stored run says reading stopped. Shared by the inbox and the live tailer, so both resume the same way.
 */
public final class RunIngests {

    private static final Logger LOG = LoggerFactory.getLogger(RunIngests.class);

    private final RunStore store;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final ZoneId zone;
    /** The runbook's lever ({@link DbWritesFlag}), asked once per reading: a running service follows it within one poll. */
    private final java.util.function.BooleanSupplier dbWrites;
    /** Batches this process has open: any other batch of a log still marked running belongs to a dead process. */
    private final Set<Long> active = ConcurrentHashMap.newKeySet();

    public RunIngests(RunStore store, BatchLedger ledger, DeadLetters deadLetters, ZoneId zone, java.util.function.BooleanSupplier dbWrites) {
        this.store = store;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.zone = zone;
        this.dbWrites = dbWrites;
    }

    public boolean dbWrites() { return dbWrites.getAsBoolean(); }
    public ZoneId zone() { return zone; }

    /** The log's name, or the whole-file reject naming the expected pattern. */
    public static RunLogName nameOf(Path file) {
        String name = file.getFileName().toString();
        return RunLogName.parse(name).orElseThrow(() -> new RejectedFileException(RunLogName.impossibleDate(name)
                ? "not a run log: the date or time in '" + name + "' does not exist"
                : "not a run log: '" + name + "' does not match " + RunLogName.expected()));
    }

    /** The log's format from its header line, or the whole-file reject naming the expected headers. */
    public static LogFormat formatOf(Path file) {
        List<String> header = LogReader.header(file).stream().map(String::strip).toList();
        if (header.isEmpty() || (header.size() == 1 && header.get(0).isEmpty())) {
            throw new RejectedFileException("empty file: no header line");
        }
        return LogFormat.of(header).orElseThrow(() -> new RejectedFileException(LogFormat.unrecognised(header)));
    }

    /**
     * A reading of {@code file} as the run keyed {@code source} (null: the file's own name) — a live log continues
     * the run the live tailer matched it to, which may have begun under another name, or is a later recording under
     * a name already taken ({@code name#2}). A dropped file from its first byte to its end ({@code sha256} reads its content hash
     * once the name and header passed: the same content again is a duplicate; a live log's gives null), or a live log from where its run stopped to its last complete line ({@code batch} the live run's
     * batch, or null to open one).
     */
    LogIngest open(Path file, String source, java.util.function.Supplier<String> sha256, boolean live, BatchRun batch,
                   IngestTally tally, boolean toEnd) {
        RunLogName fileName = nameOf(file);
        RunLogName name = source == null || source.equals(fileName.fileName()) ? fileName : RunRecord.logNameOf(source);
        LogFormat format = formatOf(file);
        boolean dbWrites = this.dbWrites.getAsBoolean();
        RunRecord run = dbWrites ? store.find(name.fileName()) : null;
        if (run != null && run.headerVersion() != format.version()) {
            throw new RejectedFileException("header v" + format.version() + " does not match run " + run.id()
                    + ", loaded from " + name.fileName() + " with a v" + run.headerVersion() + " header");
        }
        if (batch == null) {
            abandonDeadBatches(name.fileName(), run);
            batch = ledger.open(Flow.EXTRUDER.id(), name.fileName(), dbWrites ? sha256.get() : null);
            active.add(batch.id());
        }
        if (batch.isDuplicate()) {
            return new LogIngest(batch, file, name, format, run, null, Set.of(), live, dbWrites, 0, 0, 0, tally);
        }
        if (run == null && dbWrites) {
            run = store.create(name.fileName(), fileName.fileName(), live ? LogIdentity.fileKey(file) : null, format,
                    name.started().atZone(zone).toInstant(), RunRecord.RECORDING, batch.id(), file.toAbsolutePath().toString());
        }
        long linesDone = run == null ? 1 : run.linesDone();
        long startOffset = live && run != null ? run.bytesDone() : 0;
        long startLine = live && run != null ? run.lineAtBytes() : 0;
        long endOffset = toEnd ? size(file) : LogReader.completeLinesEnd(file, startOffset);
        Set<Long> rejectedBefore = deadLetters.waitingLines(Flow.EXTRUDER.id(), name.fileName(), linesDone);
        SampleClock clock = SampleClock.of(format, zone, name.started(), run == null ? null : run.clockMs());
        return new LogIngest(batch, file, name, format, run, clock, rejectedBefore, live, dbWrites, startOffset, startLine,
                endOffset, tally);
    }

    /** Finished with a batch: whatever happens to it next is this process's own doing. */
    void release(BatchRun batch) {
        active.remove(batch.id());
    }

    /** Batches of the run's log still marked running by a process that died: abandoned with what they loaded. */
    void abandonDeadBatches(String source, RunRecord run) {
        for (long id : ledger.running(Flow.EXTRUDER.id(), source)) {
            if (!active.contains(id)) {
                long loaded = run == null ? 0 : store.countSamplesOfBatch(run.id(), id);
                long rejected = deadLetters.ofBatch(id).size();
                ledger.abandon(id, loaded, rejected);
                LOG.warn("batch {} ({}) was left running by a process that died: marked abandoned ({} samples, {} rejects kept); "
                        + "reading resumes after the last line it committed", id, source, loaded, rejected);
            }
        }
    }

    private static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }
}
