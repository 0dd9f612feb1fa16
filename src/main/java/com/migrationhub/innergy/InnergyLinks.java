package com.migrationhub.innergy;

import com.migrationhub.core.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code innergy_links}: which INNERGY id a canonical record became, and the hash of what was last
 * pushed, so an unchanged record is not sent again. The id is also written to the canonical store.
 */
public final class InnergyLinks {

    public static final String PROJECT = "project";
    public static final String WORK_ORDER = "work_order";
    public static final String MATERIAL = "material";

    public record Link(String innergyId, String pushedHash) {
    }

    /** A push to record: which record, which INNERGY id, what was sent. */
    public record Push(String entity, String naturalKey, String innergyId, String pushedHash) {
    }

    private final Database db;

    public InnergyLinks(Database db) {
        this.db = db;
    }

    public Map<String, Link> all(String entity) {
        return db.withConnection(c -> {
            Map<String, Link> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT natural_key, innergy_id, pushed_hash FROM innergy_links WHERE entity = ?")) {
                ps.setString(1, entity);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Link(rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Records a push (and the id in the canonical store) in one transaction. Serialised here: SQLite has
     * one writer, and concurrent writers would wait in its busy handler, which sleeps in steps of milliseconds.
     */
    public void save(String entity, String naturalKey, String innergyId, String pushedHash) {
        saveAll(java.util.List.of(new Push(entity, naturalKey, innergyId, pushedHash)));
    }

    /** Records many pushes in one transaction (one JDBC batch per statement). */
    public synchronized void saveAll(java.util.Collection<Push> pushes) {
        if (pushes.isEmpty()) {
            return;
        }
        String now = Instant.now().toString();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO innergy_links (entity, natural_key, innergy_id, "
                    + "pushed_hash, pushed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity, natural_key) DO UPDATE SET "
                    + "innergy_id = excluded.innergy_id, pushed_hash = excluded.pushed_hash, pushed_at = excluded.pushed_at")) {
                for (Push p : pushes) {
                    ps.setString(1, p.entity());
                    ps.setString(2, p.naturalKey());
                    ps.setString(3, p.innergyId());
                    ps.setString(4, p.pushedHash());
                    ps.setString(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String entity : java.util.List.of(PROJECT, WORK_ORDER, MATERIAL)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(entity) + " SET innergy_id = ? WHERE natural_key = ?")) {
                    boolean any = false;
                    for (Push p : pushes) {
                        if (p.entity().equals(entity)) {
                            ps.setString(1, p.innergyId());
                            ps.setString(2, p.naturalKey());
                            ps.addBatch();
                            any = true;
                        }
                    }
                    if (any) {
                        ps.executeBatch();
                    }
                }
            }
            return null;
        });
    }

    private static String table(String entity) {
        return switch (entity) {
            case PROJECT -> "canonical_projects";
            case WORK_ORDER -> "canonical_work_orders";
            case MATERIAL -> "canonical_materials";
            default -> throw new IllegalArgumentException(entity);
        };
    }

    /** One write of a record to INNERGY, or its line in a dry-run plan: kept for lineage ({@code ./hub trace}). */
    public record Delivery(String entity, String naturalKey, String operation, String innergyId, String mode, String plan,
                           Long batchId) {
    }

    /** Records a run's deliveries in one transaction (the links keep only the latest push; this keeps each one). */
    public void recordDeliveries(java.util.Collection<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        String now = Instant.now().toString();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO innergy_deliveries (entity, natural_key, operation, "
                    + "innergy_id, mode, plan, batch_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Delivery d : deliveries) {
                    ps.setString(1, d.entity());
                    ps.setString(2, d.naturalKey());
                    ps.setString(3, d.operation());
                    ps.setString(4, d.innergyId());
                    ps.setString(5, d.mode());
                    ps.setString(6, d.plan());
                    if (d.batchId() == null) {
                        ps.setNull(7, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(7, d.batchId());
                    }
                    ps.setString(8, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public void forget(String entity, String naturalKey) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM innergy_links WHERE entity = ? AND natural_key = ?")) {
                ps.setString(1, entity);
                ps.setString(2, naturalKey);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
