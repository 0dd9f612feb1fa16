package com.migrationhub.rmos;

import com.migrationhub.core.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RMOS database: the application's three tables plus the hub's waiting documents. Table and
 * column names come from this code, never from input; every value is a bound parameter.
 */
public final class RmosStore {

    private final Database db;

    public RmosStore(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    /** A document waiting for the document it references. */
    public record Waiting(RmosEntity entity, String sourceFile, String docId, RmosEntity missingEntity, String missingId,
                          String payload, String copyPath, String arrivedAt) {
        public String reason() {
            return "unknown " + missingEntity.label() + " " + missingId;
        }
    }

    /** The statements of one transaction, prepared once and reused for every document in it. */
    public final class Session implements AutoCloseable {
        private final Connection c;
        private final Map<RmosEntity, PreparedStatement> hashOf = new EnumMap<>(RmosEntity.class);
        private final Map<RmosEntity, PreparedStatement> upsert = new EnumMap<>(RmosEntity.class);
        private final Map<RmosEntity, List<String>> upsertColumns = new EnumMap<>(RmosEntity.class);

        Session(Connection c) {
            this.c = c;
        }

        public Connection connection() {
            return c;
        }

        /** Whether a row with this id exists, and the content hash it was loaded from (null if the application wrote it). */
        public Stored stored(RmosEntity entity, String id) throws SQLException {
            PreparedStatement ps = hashOf.get(entity);
            if (ps == null) {
                ps = c.prepareStatement("SELECT content_hash FROM " + entity.table() + " WHERE id = ?");
                hashOf.put(entity, ps);
            }
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(true, rs.getString(1)) : Stored.NONE;
            }
        }

        /** {@code rowTime} fills created_at / updated_at the document does not have; {@code migratedAt} is the hub's own. */
        public void upsert(RmosRow row, String contentHash, long batchId, String migratedAt, String rowTime) throws SQLException {
            List<String> columns = new ArrayList<>(row.columns().keySet());
            PreparedStatement ps = upsert.get(row.entity());
            if (ps == null || !upsertColumns.get(row.entity()).equals(columns)) {
                if (ps != null) {
                    ps.close();
                }
                ps = c.prepareStatement(upsertSql(row.entity(), columns));
                upsert.put(row.entity(), ps);
                upsertColumns.put(row.entity(), columns);
            }
            int i = 1;
            for (String col : columns) {
                Object v = row.columns().get(col);
                if (col.equals("created_at") || col.equals("updated_at")) {
                    v = v == null ? rowTime : v;
                }
                bind(ps, i++, v);
            }
            ps.setLong(i++, batchId);
            ps.setString(i++, migratedAt);
            ps.setString(i++, contentHash);
            bind(ps, i, row.createdAt());
            ps.executeUpdate();
        }

        /** Keeps the stored version of a row this batch is about to overwrite, for {@code ./hub rollback}. */
        public void keepOverwritten(RmosEntity entity, String id, long batchId) throws SQLException {
            Map<String, Object> row = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + entity.table() + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return;
                    }
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                    }
                }
            }
            if (row.get("batch_id") instanceof Number b && b.longValue() == batchId) {
                return; // written earlier in this same batch: the version from before the batch is already kept
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration_history (table_name, row_id, superseded_by, "
                    + "batch_id, row_json) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, entity.table());
                ps.setString(2, id);
                ps.setLong(3, batchId);
                ps.setObject(4, row.get("batch_id") == null ? null : ((Number) row.get("batch_id")).longValue(), java.sql.Types.BIGINT);
                ps.setString(5, com.migrationhub.core.Json.write(row));
                ps.executeUpdate();
            }
        }

        public boolean exists(RmosEntity entity, String id) throws SQLException {
            return stored(entity, id).exists();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : hashOf.values()) {
                ps.close();
            }
            for (PreparedStatement ps : upsert.values()) {
                ps.close();
            }
        }
    }

    public record Stored(boolean exists, String contentHash) {
        static final Stored NONE = new Stored(false, null);
    }

    public Session session(Connection c) {
        return new Session(c);
    }

    private static String upsertSql(RmosEntity entity, List<String> columns) {
        String t = entity.table();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(t).append(" (");
        sql.append(String.join(", ", columns)).append(", batch_id, migrated_at, content_hash) VALUES (");
        sql.append("?, ".repeat(columns.size())).append("?, ?, ?) ON CONFLICT (id) DO UPDATE SET ");
        for (String col : columns) {
            if (!col.equals("id") && !col.equals("created_at")) {
                sql.append(col).append(" = excluded.").append(col).append(", ");
            }
        }
        // A document without created_at keeps the row's first one instead of taking the migration time again.
        sql.append("created_at = COALESCE(?, ").append(t).append(".created_at), ");
        sql.append("batch_id = excluded.batch_id, migrated_at = excluded.migrated_at, content_hash = excluded.content_hash");
        return sql.toString();
    }

    private static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v == null) {
            // Untyped null: PostgreSQL takes it for a text, integer or double precision column alike.
            ps.setObject(index, null);
        } else if (v instanceof Integer n) {
            ps.setInt(index, n);
        } else if (v instanceof Double d) {
            ps.setDouble(index, d);
        } else {
            ps.setString(index, v.toString());
        }
    }

    // ---- waiting documents ----

    public void putWaiting(Connection c, Waiting w) throws SQLException {
        removeWaiting(c, w.entity(), w.sourceFile());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration_waiting_documents (entity, source_file, doc_id, "
                + "missing_entity, missing_id, payload, copy_path, arrived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, w.entity().folder());
            ps.setString(2, w.sourceFile());
            ps.setString(3, w.docId());
            ps.setString(4, w.missingEntity().folder());
            ps.setString(5, w.missingId());
            ps.setString(6, w.payload());
            ps.setString(7, w.copyPath());
            ps.setString(8, w.arrivedAt());
            ps.executeUpdate();
        }
    }

    public void setWaitingCopy(Connection c, RmosEntity entity, String sourceFile, String copyPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE migration_waiting_documents SET copy_path = ? WHERE entity = ? AND source_file = ?")) {
            ps.setString(1, copyPath);
            ps.setString(2, entity.folder());
            ps.setString(3, sourceFile);
            ps.executeUpdate();
        }
    }

    public void removeWaiting(Connection c, RmosEntity entity, String sourceFile) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM migration_waiting_documents WHERE entity = ? AND source_file = ?")) {
            ps.setString(1, entity.folder());
            ps.setString(2, sourceFile);
            ps.executeUpdate();
        }
    }

    /** Waiting documents whose missing document is now loaded, in load order. */
    public List<Waiting> resolvable(Connection c) throws SQLException {
        List<Waiting> out = new ArrayList<>();
        for (RmosEntity target : RmosEntity.values()) {
            out.addAll(queryWaiting(c, "SELECT * FROM migration_waiting_documents w WHERE w.missing_entity = ? AND EXISTS "
                    + "(SELECT 1 FROM " + target.table() + " t WHERE t.id = w.missing_id) ORDER BY w.arrived_at", target.folder()));
        }
        out.sort(java.util.Comparator.comparing(Waiting::entity));
        return out;
    }

    /** Waiting documents that arrived at or before the cutoff (ISO instant), oldest first. */
    public List<Waiting> waitingSince(Connection c, String cutoff) throws SQLException {
        return queryWaiting(c, "SELECT * FROM migration_waiting_documents WHERE arrived_at <= ? ORDER BY arrived_at", cutoff);
    }

    public List<Waiting> waiting() {
        return db.withConnection(c -> queryWaiting(c, "SELECT * FROM migration_waiting_documents ORDER BY arrived_at"));
    }

    private static List<Waiting> queryWaiting(Connection c, String sql, Object... args) throws SQLException {
        return Database.query(c, sql, rs -> new Waiting(RmosEntity.ofFolder(rs.getString("entity")).orElseThrow(),
                rs.getString("source_file"), rs.getString("doc_id"), RmosEntity.ofFolder(rs.getString("missing_entity")).orElseThrow(),
                rs.getString("missing_id"), rs.getString("payload"), rs.getString("copy_path"), rs.getString("arrived_at")), args);
    }

    /** The rows (of every entity) that carry a batch's id. */
    public long rowsOfBatch(long batchId) {
        return db.withConnection(c -> {
            long total = 0;
            for (RmosEntity e : RmosEntity.values()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + e.table() + " WHERE batch_id = ?")) {
                    ps.setLong(1, batchId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        total += rs.getLong(1);
                    }
                }
            }
            return total;
        });
    }

    // ---- reads for the dashboard and audit ----

    public Map<String, Long> counts() {
        return db.withConnection(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            long total = 0;
            for (RmosEntity e : RmosEntity.values()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + e.table());
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.put(e.folder(), rs.getLong(1));
                    total += rs.getLong(1);
                }
            }
            out.put("total", total);
            return out;
        });
    }

    /** The newest rows of one table (by migration, then creation), as the dashboard lists them. */
    public List<Map<String, Object>> recent(RmosEntity entity, int limit) {
        String columns = switch (entity) {
            case STRIP_FAMILIES -> "id, name, material_type, strip_width_mm, strip_thickness_mm";
            case PATTERNS -> "id, name, pattern_type, ring_count, strip_family_id";
            case JOBLOGS -> "id, job_type, status, pattern_id, strip_family_id";
        };
        return db.withConnection(c -> Database.rows(c, "SELECT " + columns + ", created_at, migrated_at, batch_id FROM "
                + entity.table() + " ORDER BY migrated_at DESC, created_at DESC, id LIMIT ?", limit));
    }

    /** References that point at nothing: patterns → strip families, joblogs → patterns and strip families. */
    public List<Map<String, Object>> danglingReferences() {
        return db.withConnection(RmosStore::danglingReferences);
    }

    static List<Map<String, Object>> danglingReferences(Connection c) throws SQLException {
        String[][] refs = {
                {"patterns", "strip_family_id", "strip_families"},
                {"joblogs", "pattern_id", "patterns"},
                {"joblogs", "strip_family_id", "strip_families"}};
        List<Map<String, Object>> out = new ArrayList<>();
        for (String[] r : refs) {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s." + r[1] + " FROM " + r[0] + " s WHERE s." + r[1]
                    + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + r[2] + " t WHERE t.id = s." + r[1] + ") ORDER BY s.id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("entity", r[0]);
                    d.put("id", rs.getString(1));
                    d.put("field", r[1]);
                    d.put("missing", r[2]);
                    d.put("missing_id", rs.getString(2));
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** The newest schema_version row: version and when it was applied, or null. */
    public Map<String, Object> schemaVersion() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, applied_at FROM schema_version ORDER BY version DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("version", rs.getInt(1));
                v.put("applied_at", rs.getString(2));
                return v;
            }
        });
    }
}
