package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.RejectedRowsFile;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the PPak flow keeps for one batch while it runs: the dead letter a file replays, whether the batch
 * replays one row, the chunks' load order, the rejected rows' file, the archive copy and the snapshot being
 * written. Each is made when first needed and read back by the step that closes the batch.
 */
final class ExportBatchState {

    /**
     * The state of each batch, kept exactly as long as its {@link BatchRun} (which travels with the file's
     * exchange and its chunks): nothing to remove when a batch ends or its exchange is dropped.
     */
    static final class Held {
        private final Map<BatchRun, ExportBatchState> states = Collections.synchronizedMap(new WeakHashMap<>());

        ExportBatchState of(BatchRun run) {
            return states.computeIfAbsent(run, r -> new ExportBatchState());
        }
    }

    private final LoadOrder loadOrder = new LoadOrder();
    private Long replayOf;
    private boolean rowReplay;
    private RejectedRowsFile rejectedRows;
    private CompletableFuture<Path> archiveCopy;
    private CanonicalSnapshot.Writer snapshotWriter;
    private final java.util.Set<String> mappingVersions = new java.util.HashSet<>();

    /** Whether this is the first time the batch applies this mapping file version (by its SHA-256). */
    synchronized boolean firstUseOf(String sha256) {
        return mappingVersions.add(sha256);
    }

    LoadOrder loadOrder() {
        return loadOrder;
    }

    /** The dead letter whose file this batch processes again, or null. */
    synchronized Long replayOf() {
        return replayOf;
    }

    synchronized void replayOf(long deadLetterId) {
        replayOf = deadLetterId;
    }

    /** The batch puts one dead-letter row back through the flow. */
    synchronized boolean rowReplay() {
        return rowReplay;
    }

    synchronized void markRowReplay() {
        rowReplay = true;
    }

    /** The rejected rows' file, made by {@code create} for the first reject; null while there is none. */
    synchronized RejectedRowsFile rejectedRows(Supplier<RejectedRowsFile> create) {
        if (rejectedRows == null && create != null) {
            rejectedRows = create.get();
        }
        return rejectedRows;
    }

    synchronized RejectedRowsFile rejectedRows() {
        return rejectedRows(null);
    }

    private CompletableFuture<java.util.List<com.migrationhub.core.LineIndex.Checkpoint>> lineIndex;

    /** The export's line index for lineage, being scanned beside the load; null when none is made. */
    synchronized CompletableFuture<java.util.List<com.migrationhub.core.LineIndex.Checkpoint>> lineIndex() {
        return lineIndex;
    }

    synchronized void lineIndex(CompletableFuture<java.util.List<com.migrationhub.core.LineIndex.Checkpoint>> scan) {
        lineIndex = scan;
    }

    synchronized CompletableFuture<Path> archiveCopy() {
        return archiveCopy;
    }

    synchronized void archiveCopy(CompletableFuture<Path> copy) {
        archiveCopy = copy;
    }

    /** The snapshot being written, made by {@code create} for the first loaded chunk; null while there is none. */
    synchronized CanonicalSnapshot.Writer snapshotWriter(Supplier<CanonicalSnapshot.Writer> create) {
        if (snapshotWriter == null && create != null) {
            snapshotWriter = create.get();
        }
        return snapshotWriter;
    }

    synchronized CanonicalSnapshot.Writer snapshotWriter() {
        return snapshotWriter(null);
    }
}
