package com.migrationhub.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link BatchRollback} did, per table: rows removed, earlier versions restored, and rows that stay but pointed
 * at a removed row ({@code unlinked}: their reference cleared or moved to what is there now); or why it was refused
 * (then nothing changed).
 */
public record RollbackOutcome(String refusal, Map<String, Long> removed, Map<String, Long> restored,
                              Map<String, Long> unlinked, long deadLettersRemoved, long deadLettersReopened,
                              List<String> warnings) {

    public static RollbackOutcome refused(String reason) {
        return new RollbackOutcome(reason, Map.of(), Map.of(), Map.of(), 0, 0, List.of());
    }

    /**
     * The refusal for these reasons, or null when there are none: later batches that build on the batch's
     * rows (to be rolled back first), and versions the batch overwrote that were never kept.
     */
    public static String refusal(List<String> laterBatches, String unkeptVersions) {
        List<String> parts = new ArrayList<>();
        if (!laterBatches.isEmpty()) {
            parts.add(String.join("; ", laterBatches) + ": roll those back first");
        }
        if (unkeptVersions != null) {
            parts.add(unkeptVersions);
        }
        return parts.isEmpty() ? null : String.join("; and ", parts);
    }

    public boolean rolledBack() {
        return refusal == null;
    }

    /**
     * The hub.db side of a rollback, in the caller's transaction: the batch's waiting dead letters go
     * (loading the same input again re-creates them), the ones it loaded by replay wait again, and the
     * ledger marks it rolled back.
     */
    public static RollbackOutcome settle(Connection c, BatchLedger ledger, DeadLetters deadLetters, long batchId,
                                         Map<String, Long> removed, Map<String, Long> restored, Map<String, Long> unlinked,
                                         List<String> warnings) throws SQLException {
        long dropped = deadLetters.dropPendingOf(c, batchId);
        long reopened = deadLetters.reopenReplayedBy(c, batchId);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("removed", removed);
        record.put("restored", restored);
        if (!unlinked.isEmpty()) {
            record.put("unlinked", unlinked);
        }
        record.put("dead_letters_removed", dropped);
        record.put("dead_letters_reopened", reopened);
        ledger.markRolledBack(c, batchId, record);
        return new RollbackOutcome(null, removed, restored, unlinked, dropped, reopened, warnings);
    }
}
