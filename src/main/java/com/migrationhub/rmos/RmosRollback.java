package com.migrationhub.rmos;

import static com.migrationhub.core.Database.count;
import static com.migrationhub.core.Database.update;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRollback;
import com.migrationhub.core.Flow;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.Json;
import com.migrationhub.core.RollbackOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ./hub rollback --batch N} for an RMOS batch: in the RMOS database, the rows the batch inserted go
 * and the versions it overwrote come back from {@code migration_history}; then the hub ledger and dead
 * letters follow. Refused while a later batch overwrote rows of it, or while other rows (a later batch's
 * or the application's) refer to rows only it loaded.
 */
public final class RmosRollback implements BatchRollback {

    /** A column that names another table's row. */
    private record Reference(RmosEntity from, String column, RmosEntity to) {
    }

    private static final List<Reference> REFERENCES = List.of(
            new Reference(RmosEntity.PATTERNS, "strip_family_id", RmosEntity.STRIP_FAMILIES),
            new Reference(RmosEntity.JOBLOGS, "pattern_id", RmosEntity.PATTERNS),
            new Reference(RmosEntity.JOBLOGS, "strip_family_id", RmosEntity.STRIP_FAMILIES));

    /** Column names restored from history are this code's own (read from the table), checked all the same. */
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

    private final Database rmosDb;
    private final Database hubDb;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;

    public RmosRollback(Database rmosDb, Database hubDb, BatchLedger ledger, DeadLetters deadLetters) {
        this.rmosDb = rmosDb;
        this.hubDb = hubDb;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
    }

    /** The RMOS database first: should the hub.db step fail after it, running the rollback again finishes it. */
    @Override
    public RollbackOutcome rollBack(BatchLedger.Batch batch) {
        long batchId = batch.id();
        List<String> later = new ArrayList<>(ledger.laterBatchesRelyingOn(Flow.RMOS.id(), batchId));
        Map<String, Long> removed = new LinkedHashMap<>();
        Map<String, Long> restored = new LinkedHashMap<>();
        RollbackOutcome refused = rmosDb.inTransaction(c -> {
            rmosDb.lockAgainstWriters(c, "strip_families", "patterns", "joblogs", "migration_history");
            later.addAll(laterRowsBuildingOn(c, batchId));
            String why = RollbackOutcome.refusal(later, BatchLedger.unkeptVersions(batch,
                    count(c, "SELECT COUNT(*) FROM migration_history WHERE superseded_by = ?", batchId)));
            if (why != null) {
                return RollbackOutcome.refused(why);
            }
            // Overwritten rows go back in place first (job logs keep pointing at the patterns and families they
            // name), then the rows the batch inserted go, those that refer to others before those they refer to.
            for (RmosEntity entity : RmosEntity.values()) {
                restored.put(entity.table(), restore(c, entity, batchId));
                removed.put(entity.table(), 0L); // the report lists the tables in this order
            }
            for (RmosEntity entity : List.of(RmosEntity.JOBLOGS, RmosEntity.PATTERNS, RmosEntity.STRIP_FAMILIES)) {
                removed.put(entity.table(), update(c, "DELETE FROM " + entity.table() + " WHERE batch_id = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM migration_history h WHERE h.table_name = ? AND h.row_id = " + entity.table()
                        + ".id AND h.superseded_by = ?)", batchId, entity.table(), batchId));
            }
            update(c, "DELETE FROM migration_history WHERE superseded_by = ?", batchId);
            return null;
        });
        if (refused != null) {
            return refused;
        }
        return hubDb.inTransaction(c -> RollbackOutcome.settle(c, ledger, deadLetters, batchId, removed, restored, Map.of(),
                List.of()));
    }

    /** Each version the batch overwrote is written back over the batch's, in place. */
    private static long restore(Connection c, RmosEntity entity, long batchId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT row_json FROM migration_history WHERE table_name = ? AND superseded_by = ?")) {
            ps.setString(1, entity.table());
            ps.setLong(2, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        for (String json : rows) {
            Map<String, Object> row;
            try {
                row = Json.mapper().readValue(json, Json.mapper().getTypeFactory()
                        .constructMapType(LinkedHashMap.class, String.class, Object.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("migration_history holds a row that is not JSON", e);
            }
            List<String> assignments = new ArrayList<>();
            for (String column : row.keySet()) {
                if (!COLUMN.matcher(column).matches()) {
                    throw new IllegalStateException("migration_history holds an unexpected column name: " + column);
                }
                assignments.add(column + " = ?");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + entity.table() + " SET " + String.join(", ", assignments)
                    + " WHERE id = ?")) {
                int i = 1;
                for (Object value : row.values()) {
                    ps.setObject(i++, value);
                }
                ps.setObject(i, row.get("id"));
                ps.executeUpdate();
            }
        }
        return rows.size();
    }


    /** The later batches, and application rows, that build on the batch's rows (none: it can go). */
    private static List<String> laterRowsBuildingOn(Connection c, long batchId) throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT superseded_by, COUNT(*) FROM migration_history "
                + "WHERE batch_id = ? GROUP BY superseded_by ORDER BY superseded_by")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reasons.add("batch " + rs.getLong(1) + " has since loaded over " + rs.getLong(2) + " of its rows");
                }
            }
        }
        for (Reference ref : REFERENCES) {
            // Rows of another batch, or the application's own, naming a row this batch inserted (not one it overwrote).
            try (PreparedStatement ps = c.prepareStatement("SELECT f.batch_id, COUNT(*) FROM " + ref.from().table() + " f JOIN "
                    + ref.to().table() + " t ON t.id = f." + ref.column() + " WHERE t.batch_id = ? "
                    + "AND (f.batch_id IS NULL OR f.batch_id <> ?) AND NOT EXISTS (SELECT 1 FROM migration_history h "
                    + "WHERE h.table_name = ? AND h.row_id = t.id AND h.superseded_by = ?) GROUP BY f.batch_id ORDER BY f.batch_id")) {
                ps.setLong(1, batchId);
                ps.setLong(2, batchId);
                ps.setString(3, ref.to().table());
                ps.setLong(4, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long from = rs.getLong(1);
                        String whose = rs.wasNull() ? "written by the RMOS application" : "of batch " + from;
                        reasons.add(rs.getLong(2) + " " + ref.from().table() + " " + whose + " refer to "
                                + ref.to().table() + " only it loaded");
                    }
                }
            }
        }
        return reasons;
    }

}
