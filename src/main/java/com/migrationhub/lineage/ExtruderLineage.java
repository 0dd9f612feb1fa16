package com.migrationhub.lineage;

import com.migrationhub.core.Database;
import java.util.Optional;

/** Traces extruder records: a run, a sample (RUN:LINE), a profile (NAME:VERSION), a logger event, an alarm. */
final class ExtruderLineage {

    private final LedgerReads reads;
    private final Database db;

    ExtruderLineage(LedgerReads reads, Database db) {
        this.reads = reads;
        this.db = db;
    }

    Optional<Trace> trace(Trace.Subject subject) {
        throw new IllegalArgumentException("not yet");
    }
}
