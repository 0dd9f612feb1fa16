package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import static com.migrationhub.core.Database.update;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.RollbackOutcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./hub rollback --batch N} for an extruder batch: its samples go; a run it created and nothing else
 * loaded into goes too; a run other batches loaded into is set back to the last line they loaded, so reading the
 * same log again loads exactly what N had loaded. Refused while a later batch of the same log builds on it.
 */
public final class ExtruderRollback {

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
        try {
            runInExtruderDb(batchId, batch.source(), removed);
        } catch (Refused r) {
            return RollbackOutcome.refused(r.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        if (batch.details() != null && batch.details().contains("\"updated\"")) {
            warnings.add("alarm flags (acknowledged/cleared) this batch updated stay as they are: a later alarms.json sets them again");
        }
        Map<String, Long> restored = new LinkedHashMap<>();
        removed.keySet().forEach(t -> restored.put(t, 0L));
        return hubDb.inTransaction(c -> RollbackOutcome.settle(c, ledger, deadLetters, batchId, removed, restored, warnings));
    }

    /** A rollback that finds it must not go on: the transaction rolls back, nothing changed. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private void runInExtruderDb(long batchId, String source, Map<String, Long> removed) {
        extruderDb.inTransaction(c -> {
            extruderDb.lockAgainstWriters(c, "runs", "run_samples", "run_sample_blocks");
            // a log batch (or a replay of one of its lines) is named after the log: its run is found by that name, and
            // its samples by the run's primary-key prefix (run_samples has no batch index, which keeps loads fast)
            List<Long> runIds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE batch_id = ? OR source_file = ?")) {
                ps.setLong(1, batchId);
                ps.setString(2, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runIds.add(rs.getLong(1));
                    }
                }
            }
            long samples = 0;
            for (long runId : runIds) {
                samples += update(c, "DELETE FROM run_samples WHERE run_id = ? AND batch_id = ?", runId, batchId);
            }
            removed.put("run_samples", samples);
            for (long runId : runIds) {
                SampleBlocks.rebuild(c, runId);
            }
            long runsRemoved = 0;
            for (long runId : runIds) {
                long left = Database.count(c, "SELECT COUNT(*) FROM run_samples WHERE run_id = ?", runId);
                if (left == 0 && Database.count(c, "SELECT COUNT(*) FROM runs WHERE id = ? AND batch_id = ?", runId, batchId) == 1) {
                    runsRemoved += update(c, "DELETE FROM runs WHERE id = ?", runId);
                } else {
                    // back to the last line the remaining batches loaded; the next reading starts from the top
                    update(c, "UPDATE runs SET sample_count = ?, lines_done = COALESCE((SELECT MAX(line) FROM run_samples "
                            + "WHERE run_id = ?), 1), clock_ms = (SELECT " + SampleTimes.millis(c, "recorded_at") + " FROM run_samples WHERE run_id = ? ORDER BY line "
                            + "DESC LIMIT 1), ended_at = NULL, bytes_done = 0, line_at_bytes = 0, status = ? WHERE id = ?",
                            left, runId, runId, RunRecord.COMPLETE, runId);
                }
            }
            removed.put("runs", runsRemoved);
            // configuration, events and alarms the batch loaded
            extruderDb.lockAgainstWriters(c, "config_profiles", "config_applied_events", "logger_events", "alarms");
            removed.put("config_applied_events", update(c, "DELETE FROM config_applied_events WHERE batch_id = ?", batchId));
            long profiles = update(c, "DELETE FROM config_profiles WHERE batch_id = ? AND id NOT IN "
                    + "(SELECT profile_id FROM config_applied_events)", batchId);
            removed.put("config_profiles", profiles);
            if (Database.count(c, "SELECT COUNT(*) FROM config_profiles WHERE batch_id = ?", batchId) > 0) {
                throw new Refused("a later snapshot applied a profile version this batch created: roll that batch back first");
            }
            removed.put("logger_events", update(c, "DELETE FROM logger_events WHERE batch_id = ?", batchId));
            removed.put("alarms", update(c, "DELETE FROM alarms WHERE batch_id = ?", batchId));
            update(c, "UPDATE runs SET config_profile_id = (SELECT e.profile_id FROM config_applied_events e "
                    + "WHERE e.applied_at <= runs.started_at ORDER BY e.applied_at DESC, e.id DESC LIMIT 1)");
            return null;
        });
    }
}
