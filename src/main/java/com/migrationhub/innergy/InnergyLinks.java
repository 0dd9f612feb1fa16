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

    /** Records a push (and the id in the canonical store) in one transaction. */
    public void save(String entity, String naturalKey, String innergyId, String pushedHash) {
        String table = switch (entity) {
            case PROJECT -> "canonical_projects";
            case WORK_ORDER -> "canonical_work_orders";
            case MATERIAL -> "canonical_materials";
            default -> throw new IllegalArgumentException(entity);
        };
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO innergy_links (entity, natural_key, innergy_id, "
                    + "pushed_hash, pushed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity, natural_key) DO UPDATE SET "
                    + "innergy_id = excluded.innergy_id, pushed_hash = excluded.pushed_hash, pushed_at = excluded.pushed_at")) {
                ps.setString(1, entity);
                ps.setString(2, naturalKey);
                ps.setString(3, innergyId);
                ps.setString(4, pushedHash);
                ps.setString(5, Instant.now().toString());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET innergy_id = ? WHERE natural_key = ?")) {
                ps.setString(1, innergyId);
                ps.setString(2, naturalKey);
                ps.executeUpdate();
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
