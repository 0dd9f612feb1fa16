package com.migrationhub.extruder;

import static com.migrationhub.core.Database.count;
import static com.migrationhub.core.Database.update;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRollback;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.Flow;
import com.migrationhub.core.RollbackOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./hub rollback --batch N} for an extruder batch: its samples go; a run it created and nothing else
 * loaded into goes too; a run other batches loaded into is set back to the last line they loaded, so reading the
 * same log again loads exactly what N had loaded. The configuration versions, applied events, logger events and
 * alarms N loaded go. Links derived from times are kept true, never left dangling: events and alarms of a removed run
 * move to another run whose span holds them, or to none; runs take the profile applied last before their start among
 * the snapshots left. Both are counted as {@code unlinked}. Refused, changing nothing, while a later batch of the same
 * file builds on N, or a later snapshot applied a profile version N created.
 */
public final class ExtruderRollback implements BatchRollback {

    private final Database extruderDb;
    private final Database hubDb;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;

    public ExtruderRollback(Database extruderDb, Database hubDb, BatchLedger ledger, DeadLetters deadLetters) {
        this.extruderDb = extruderDb;
        this.hubDb = hubDb;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
    }

    /** What the extruder database's side removed and unlinked. */
    private record Changes(Map<String, Long> removed, Map<String, Long> unlinked) {
    }

    @Override
    public RollbackOutcome rollBack(BatchLedger.Batch batch) {
        long batchId = batch.id();
        List<String> later = new ArrayList<>();
        for (BatchLedger.Batch b : ledger.laterOfSource(Flow.EXTRUDER.id(), batch.source(), batchId)) {
            later.add("batch " + b.id() + " loaded later lines of " + b.source());
        }
        if (!later.isEmpty()) {
            return RollbackOutcome.refused(RollbackOutcome.refusal(later, null));
        }
        Map<String, Long> removed = new LinkedHashMap<>();
        Map<String, Long> unlinked = new LinkedHashMap<>();
        String refusal = extruderDb.inTransaction(c -> {
            extruderDb.lockAgainstWriters(c, "runs", "run_samples", "run_sample_blocks", "config_profiles",
                    "config_applied_events", "logger_events", "alarms");
            List<String> building = snapshotsBuildingOn(c, batchId);
            if (!building.isEmpty()) {
                return RollbackOutcome.refusal(building, null);
            }
            removeRuns(c, batchId, batch.source(), removed, unlinked);
            removeConfiguration(c, batchId, removed, unlinked);
            removed.put("logger_events", update(c, "DELETE FROM logger_events WHERE batch_id = ?", batchId));
            removed.put("alarms", update(c, "DELETE FROM alarms WHERE batch_id = ?", batchId));
            return null;
        });
        if (refusal != null) {
            return RollbackOutcome.refused(refusal);
        }
        unlinked.values().removeIf(n -> n == 0);
        List<String> warnings = new ArrayList<>();
        if (batch.details() != null && batch.details().contains("\"updated\"")) {
            warnings.add("alarm flags (acknowledged/cleared) this batch updated stay as they are: a later alarms.json sets them again");
        }
        Map<String, Long> restored = new LinkedHashMap<>();
        removed.keySet().forEach(t -> restored.put(t, 0L));
        return hubDb.inTransaction(c -> RollbackOutcome.settle(c, ledger, deadLetters, batchId, removed, restored, unlinked,
                warnings));
    }

    /** Later snapshots that applied a profile version this batch created: removing it would take their version away. */
    private static List<String> snapshotsBuildingOn(Connection c, long batchId) throws SQLException {
        return Database.query(c, "SELECT e.batch_id, e.source_file, p.version FROM config_applied_events e JOIN config_profiles p "
                + "ON p.id = e.profile_id WHERE p.batch_id = ? AND (e.batch_id IS NULL OR e.batch_id <> ?) ORDER BY e.id",
                rs -> (rs.getObject(1) == null ? "" : "batch " + rs.getLong(1) + " ") + "(" + rs.getString(2)
                        + ") applied profile version " + rs.getLong(3) + " this batch created", batchId, batchId);
    }

    /**
     * A log batch (or a replay of one of its lines) is named after the log: its run is found by that name, and its
     * samples by the run's primary-key prefix (run_samples has no batch index, which keeps loads fast).
     */
    private static void removeRuns(Connection c, long batchId, String source, Map<String, Long> removed,
                                   Map<String, Long> unlinked) throws SQLException {
        List<Long> runIds = Database.query(c, "SELECT id FROM runs WHERE batch_id = ? OR source_file = ?", rs -> rs.getLong(1),
                batchId, source);
        long samples = 0;
        for (long runId : runIds) {
            samples += update(c, "DELETE FROM run_samples WHERE run_id = ? AND batch_id = ?", runId, batchId);
            SampleBlocks.rebuild(c, runId);
        }
        removed.put("run_samples", samples);
        long runsRemoved = 0;
        for (long runId : runIds) {
            long left = count(c, "SELECT COUNT(*) FROM run_samples WHERE run_id = ?", runId);
            if (left == 0 && count(c, "SELECT COUNT(*) FROM runs WHERE id = ? AND batch_id = ?", runId, batchId) == 1) {
                EventStore.unlinkFromRun(c, runId).forEach((table, n) -> unlinked.merge(table, n, Long::sum));
                runsRemoved += update(c, "DELETE FROM runs WHERE id = ?", runId);
            } else {
                // back to the last line the remaining batches loaded; the next reading starts from the top. The log's
                // fingerprint went with the bytes read (kept, it would make the log look rewritten and read it again
                // as a new run, every sample twice); a run that ended because its log changed keeps why it ended; a
                // parity mismatch is checked again once the lines are read again.
                update(c, "UPDATE runs SET sample_count = ?, lines_done = COALESCE((SELECT MAX(line) FROM run_samples "
                        + "WHERE run_id = ?), 1), clock_ms = (SELECT " + SampleTimes.millis(c, "recorded_at") + " FROM run_samples "
                        + "WHERE run_id = ? ORDER BY line DESC LIMIT 1), ended_at = NULL, bytes_done = 0, line_at_bytes = 0, "
                        + "fingerprint = NULL, status = CASE WHEN status IN (?, ?, ?) THEN status ELSE ? END, "
                        + "status_reason = CASE WHEN status IN (?, ?, ?) THEN status_reason END WHERE id = ?",
                        left, runId, runId, RunRecord.TRUNCATED, RunRecord.REPLACED, RunRecord.ABANDONED, RunRecord.COMPLETE,
                        RunRecord.TRUNCATED, RunRecord.REPLACED, RunRecord.ABANDONED, runId);
            }
        }
        removed.put("runs", runsRemoved);
    }

    /**
     * The batch's applied events go, then every run takes the profile applied last before its start among those left
     * (counted when that changes), and only then the versions the batch created: no run points at a removed one.
     */
    private static void removeConfiguration(Connection c, long batchId, Map<String, Long> removed,
                                            Map<String, Long> unlinked) throws SQLException {
        removed.put("config_applied_events", update(c, "DELETE FROM config_applied_events WHERE batch_id = ?", batchId));
        unlinked.put("runs", ConfigProfiles.relinkCountingChanges(c));
        removed.put("config_profiles", update(c, "DELETE FROM config_profiles WHERE batch_id = ?", batchId));
    }
}
