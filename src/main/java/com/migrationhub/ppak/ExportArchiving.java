package com.migrationhub.ppak;

import com.migrationhub.core.Flow;
import com.migrationhub.core.Archive;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.LineIndex;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Puts each processed export under {@code outbox/archive/ppak/<today>/}. An export the inbox consumer
 * deletes right afterwards is hard-linked there. Any other export is copied, and the copy of a large export
 * (about a second for 200 MB) runs beside its load instead of after it. A file rejected whole leaves no
 * archived copy: it goes to the dead-letter folder instead.
 */
final class ExportArchiving {

    private final Archive archive;
    private final com.migrationhub.core.BatchLedger ledger;
    private final Path exportDir;
    private final boolean originalsDeleted;
    private final Executor copier;
    private final ExportBatchState.Held states;

    ExportArchiving(Archive archive, com.migrationhub.core.BatchLedger ledger, Path exportDir, boolean originalsDeleted,
                    Executor copier, ExportBatchState.Held states) {
        this.archive = archive;
        this.ledger = ledger; // null: the archive is not recorded for lineage (hub.lineage.bookkeeping=false)
        this.exportDir = exportDir.toAbsolutePath().normalize();
        this.originalsDeleted = originalsDeleted;
        this.copier = copier;
        this.states = states;
    }

    /**
     * The export is taken: a copy, if it needs one, starts now, and lineage's line index of it (the file is complete:
     * the archived original will have the same bytes), both beside the load instead of after it.
     */
    void begin(File file, BatchRun run) {
        if (!linked(file)) {
            states.of(run).archiveCopy(CompletableFuture.supplyAsync(() -> archive.keep(Flow.PPAK.id(), file.toPath()), copier));
        }
        if (ledger != null && !run.isDuplicate()) {
            states.of(run).lineIndex(CompletableFuture.supplyAsync(() -> LineIndex.scan(file.toPath()), copier));
        }
    }

    /** The export is done: its archived original is in place, and on record for lineage, when this returns. */
    void finish(File file, BatchRun run) {
        CompletableFuture<Path> copy = states.of(run).archiveCopy();
        Path archived = copy != null ? await(copy) : archive.keepBeforeDeletion(Flow.PPAK.id(), file.toPath());
        if (ledger == null) {
            return;
        }
        CompletableFuture<List<LineIndex.Checkpoint>> index = states.of(run).lineIndex();
        List<LineIndex.Checkpoint> lines = index == null || run.decodedAs() == null ? List.of()
                : index.exceptionally(e -> List.of()).join(); // no index: a trace reads from the start instead
        try {
            ledger.recordArchive(run, archived, Files.size(archived), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archived " + archived, e);
        }
    }

    /** The export is rejected whole: a copy already made is removed (it waits for the copy to end first). */
    void cancel(BatchRun run) {
        CompletableFuture<Path> copy = states.of(run).archiveCopy();
        if (copy != null) {
            try {
                Files.deleteIfExists(await(copy));
            } catch (IOException | RuntimeException e) {
                // nothing was archived, or the copy cannot be removed: the dead letter still holds the file
            }
        }
    }

    private boolean linked(File file) {
        return originalsDeleted && file.toPath().toAbsolutePath().normalize().getParent().equals(exportDir);
    }

    private static <T> T await(CompletableFuture<T> copy) {
        try {
            return copy.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }
}
