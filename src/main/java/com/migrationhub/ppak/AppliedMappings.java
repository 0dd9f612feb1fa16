package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which mapping file versions each batch applied, for lineage ({@code ./hub trace}): the first chunk of a batch to use
 * a version records it in {@code batch_mappings}, and its content, once per distinct SHA-256, in
 * {@code mapping_versions}. A few rows per batch; nothing per row (the row a value used is found again in the content).
 */
final class AppliedMappings {

    private final Database db;
    private final MappingTables tables;
    private final ExportBatchState.Held states;
    private final boolean enabled;

    /** {@code enabled} false ({@code hub.lineage.bookkeeping=false}): nothing is recorded (the bench's "without"). */
    AppliedMappings(Database db, MappingTables tables, ExportBatchState.Held states, boolean enabled) {
        this.db = db;
        this.tables = tables;
        this.states = states;
        this.enabled = enabled;
    }

    /** The batch applies the tables' current versions (called right after the chunk's refresh). */
    void applying(BatchRun batch, MappingTables.Table... used) {
        if (!enabled) {
            return;
        }
        List<MappingTables.Version> first = new ArrayList<>(used.length);
        ExportBatchState state = states.of(batch);
        for (MappingTables.Table table : used) {
            MappingTables.Version version = tables.version(table);
            if (version != null && state.firstUseOf(version.sha256())) {
                first.add(version);
            }
        }
        if (first.isEmpty()) {
            return;
        }
        String now = Instant.now().toString();
        db.inTransaction(c -> {
            for (MappingTables.Version v : first) {
                Database.update(c, "INSERT INTO mapping_versions (sha256, file, content, first_seen) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (sha256) DO NOTHING", v.sha256(), v.file(), v.content(), now);
                Database.update(c, "INSERT INTO batch_mappings (batch_id, file, sha256) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        batch.id(), v.file(), v.sha256());
            }
            return null;
        });
    }
}
