package com.migrationhub.lineage;

import com.migrationhub.core.Database;
import java.util.Optional;

/** Traces RMOS records: ENTITY:ID (strip family, pattern, joblog). */
final class RmosLineage {

    private final LedgerReads reads;
    private final Database db;

    RmosLineage(LedgerReads reads, Database db) {
        this.reads = reads;
        this.db = db;
    }

    Optional<Trace> trace(Trace.Subject subject) {
        throw new IllegalArgumentException("not yet");
    }
}
