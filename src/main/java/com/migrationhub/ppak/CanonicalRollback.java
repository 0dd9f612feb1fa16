package com.migrationhub.ppak;

import static com.migrationhub.core.Database.count;
import static com.migrationhub.core.Database.update;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRollback;
import com.migrationhub.core.Flow;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.RollbackOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./hub rollback --batch N} for a PPak batch, in one transaction: the canonical rows the batch
 * inserted are removed, the versions it overwrote come back from {@code canonical_history}, its waiting
 * dead letters go and the ones it replayed wait again, and the ledger forgets its content so the same
 * file can be loaded again; the migration summary of its export is written again. Refused while a later batch
 * builds on the batch's rows.
 */
public final class CanonicalRollback implements BatchRollback {

    private final Database db;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final MigrationSummary summary;

    public CanonicalRollback(Database db, BatchLedger ledger, DeadLetters deadLetters, MigrationSummary summary) {
        this.db = db;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.summary = summary;
    }

    @Override
    public RollbackOutcome rollBack(BatchLedger.Batch batch) {
        RollbackOutcome outcome = inCanonicalStore(batch);
        if (outcome.rolledBack()) {
            summary.write(batch.source());
        }
        return outcome;
    }

    private RollbackOutcome inCanonicalStore(BatchLedger.Batch batch) {
        long batchId = batch.id();
        List<String> later = new ArrayList<>(ledger.laterBatchesRelyingOn(Flow.PPAK.id(), batchId));
        return db.inTransaction(c -> {
            db.lockAgainstWriters(c, "canonical_projects", "canonical_materials", "canonical_work_orders", "canonical_history");
            later.addAll(laterBatchesBuildingOn(c, batchId));
            String refusal = RollbackOutcome.refusal(later, BatchLedger.unkeptVersions(batch,
                    count(c, "SELECT COUNT(*) FROM canonical_history WHERE superseded_by = ?", batchId)));
            if (refusal != null) {
                return RollbackOutcome.refused(refusal);
            }
            Map<String, Long> removed = new LinkedHashMap<>();
            Map<String, Long> restored = new LinkedHashMap<>();
            long linked = 0;
            for (ExportKind kind : ExportKind.values()) {
                linked += count(c, "SELECT COUNT(*) FROM " + kind.table() + " t WHERE batch_id = ? AND innergy_id IS NOT NULL"
                        + " AND NOT EXISTS (" + overwrittenBy("t") + ")", batchId, kind.table(), batchId);
                long deleted = update(c, "DELETE FROM " + kind.table() + " WHERE batch_id = ?", batchId);
                long back = restore(c, kind, batchId);
                removed.put(kind.table(), deleted - back);
                restored.put(kind.table(), back);
            }
            List<String> warnings = linked == 0 ? List.of() : List.of(linked
                    + " removed rows had been imported into INNERGY; their INNERGY records are untouched");
            return RollbackOutcome.settle(c, ledger, deadLetters, batchId, removed, restored, Map.of(), warnings);
        });
    }

    /** A subquery: the history entry of row alias {@code t} that this batch overwrote (parameters: table, batch). */
    private static String overwrittenBy(String alias) {
        return "SELECT 1 FROM canonical_history h WHERE h.table_name = ? AND h.natural_key = " + alias
                + ".natural_key AND h.superseded_by = ?";
    }

    /**
     * The versions the batch overwrote go back in place. The INNERGY link belongs to the key, not to a
     * version: a version restored from before the push takes the link the key has now.
     */
    private static long restore(Connection c, ExportKind kind, long batchId) throws SQLException {
        String reference = kind.referenceColumn() == null ? "" : kind.referenceColumn() + ", ";
        long back = update(c, "INSERT INTO " + kind.table() + " (natural_key, " + reference + "payload, source_file, "
                + "source_line, content_hash, innergy_id, batch_id, updated) SELECT natural_key, "
                + (reference.isEmpty() ? "" : "reference_key, ") + "payload, source_file, source_line, content_hash, "
                + "innergy_id, batch_id, updated FROM canonical_history WHERE table_name = ? AND superseded_by = ?",
                kind.table(), batchId);
        update(c, "UPDATE " + kind.table() + " SET innergy_id = (SELECT l.innergy_id FROM innergy_links l WHERE l.entity = ? "
                + "AND l.natural_key = " + kind.table() + ".natural_key) WHERE natural_key IN (SELECT natural_key FROM "
                + "canonical_history WHERE table_name = ? AND superseded_by = ?) AND EXISTS (SELECT 1 FROM innergy_links l "
                + "WHERE l.entity = ? AND l.natural_key = " + kind.table() + ".natural_key)",
                kind.innergyEntity(), kind.table(), batchId, kind.innergyEntity());
        update(c, "DELETE FROM canonical_history WHERE table_name = ? AND superseded_by = ?", kind.table(), batchId);
        return back;
    }

    /**
     * Why the batch cannot go yet: a later batch overwrote some of its rows (undoing this one first would
     * put back versions older than that batch's), or work orders of another batch name projects only this
     * batch loaded. Empty when nothing builds on it.
     */
    private static List<String> laterBatchesBuildingOn(Connection c, long batchId) throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT superseded_by, COUNT(*) FROM canonical_history "
                + "WHERE batch_id = ? GROUP BY superseded_by ORDER BY superseded_by")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reasons.add("batch " + rs.getLong(1) + " has since loaded over " + rs.getLong(2) + " of its rows");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT w.batch_id, COUNT(*) FROM canonical_work_orders w "
                + "JOIN canonical_projects p ON p.natural_key = w.project_key WHERE p.batch_id = ? AND w.batch_id <> ? "
                + "AND NOT EXISTS (" + overwrittenBy("p") + ") GROUP BY w.batch_id ORDER BY w.batch_id")) {
            ps.setLong(1, batchId);
            ps.setLong(2, batchId);
            ps.setString(3, ExportKind.PROJECTS.table());
            ps.setLong(4, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reasons.add(rs.getLong(2) + " work orders of batch " + rs.getLong(1) + " belong to projects only it loaded");
                }
            }
        }
        return reasons;
    }
}
