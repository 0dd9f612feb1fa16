package com.migrationhub.rmos;

import com.migrationhub.core.BatchRun;
import java.util.ArrayList;
import java.util.List;

/**
 * One aggregated batch of documents on its way into the RMOS database: the documents, the ledger
 * batch (none on a dry run), and what became of each document once its transaction committed.
 */
public final class RmosBatch {

    enum Kind { LOADED, UPDATED, SKIPPED, REJECTED, WAITING }

    /**
     * What became of one document. {@code fromThisBatch} is false for a waiting document released by
     * this batch (its original is already archived); {@code replayOf} is the dead letter being replayed.
     */
    record Event(Kind kind, SourceDocument doc, String id, String reason, boolean fromThisBatch, Long replayOf) {
    }

    private final BatchRun run;
    private final List<CheckedDocument> documents;
    private final boolean dryRun;
    private final List<Event> events = new ArrayList<>();

    RmosBatch(BatchRun run, List<CheckedDocument> documents, boolean dryRun) {
        this.run = run;
        this.documents = List.copyOf(documents);
        this.dryRun = dryRun;
    }

    public BatchRun run() { return run; }
    public List<CheckedDocument> documents() { return documents; }
    public boolean dryRun() { return dryRun; }
    public long id() { return run == null ? 0 : run.id(); }

    synchronized void committed(List<Event> attempt) {
        events.addAll(attempt);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }
}
