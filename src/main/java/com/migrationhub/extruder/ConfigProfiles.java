package com.migrationhub.extruder;

import com.migrationhub.core.Database;
import com.migrationhub.core.Instants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code config_profiles} and {@code config_applied_events}: a new version of a profile only when its content differs
 * from every earlier version, and one applied event per snapshot. Every run is linked to the profile applied last at
 * or before its start; a snapshot arriving late re-links the runs it covers.
 */
public final class ConfigProfiles {

    /** What storing a snapshot did: a new version, or the version with the same content. */
    public record Stored(long profileId, int version, boolean newVersion, long relinkedRuns) {
    }

    public record Profile(long id, String name, int version, String contentJson, String contentHash, String createdAt,
                          String sourceFile, Long batchId) {
    }

    private final Database db;

    public ConfigProfiles(Database db) {
        this.db = db;
    }

    public Stored store(String profileName, ConfigSnapshot snapshot, Instant appliedAt, String appliedBy, long batchId) {
        return db.inTransaction(c -> {
            db.lockAgainstWriters(c, "config_profiles", "config_applied_events");
            Long existing = null;
            int version = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, version FROM config_profiles WHERE profile_name = ? "
                    + "AND content_hash = ?")) {
                ps.setString(1, profileName);
                ps.setString(2, snapshot.contentHash());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        existing = rs.getLong(1);
                        version = rs.getInt(2);
                    }
                }
            }
            boolean isNew = existing == null;
            if (isNew) {
                version = (int) Database.count(c, "SELECT COALESCE(MAX(version), 0) FROM config_profiles WHERE profile_name = ?",
                        profileName) + 1;
                Database.update(c, "INSERT INTO config_profiles (profile_name, version, content_json, content_hash, created_at, "
                        + "source_file, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?)", profileName, version, snapshot.canonicalJson(),
                        snapshot.contentHash(), Instants.iso(Instant.now()), snapshot.fileName(), batchId);
                existing = Database.count(c, "SELECT id FROM config_profiles WHERE profile_name = ? AND version = ?", profileName, version);
            }
            Database.update(c, "INSERT INTO config_applied_events (profile_id, applied_at, applied_by, source_file, batch_id) "
                    + "VALUES (?, ?, ?, ?, ?)", existing, Instants.iso(appliedAt), appliedBy, snapshot.fileName(), batchId);
            return new Stored(existing, version, isNew, relink(c));
        });
    }

    /** Links every run to the profile applied last at or before its start (runs before any snapshot: none). */
    public long relinkRuns() {
        return db.inTransaction(ConfigProfiles::relink);
    }

    private static long relink(Connection c) throws SQLException {
        return Database.update(c, "UPDATE runs SET config_profile_id = " + PROFILE_AT_START);
    }

    /**
     * Links every run again, as {@link #relinkRuns} does, in the caller's transaction (a rollback that removed applied
     * events); returns how many runs now point at another profile, or at none.
     */
    static long relinkCountingChanges(Connection c) throws SQLException {
        Set<RunLink> before = new HashSet<>(links(c));
        relink(c);
        return links(c).stream().filter(link -> !before.contains(link)).count();
    }

    private record RunLink(long runId, Long profileId) {
    }

    private static List<RunLink> links(Connection c) throws SQLException {
        return Database.query(c, "SELECT id, config_profile_id FROM runs",
                rs -> new RunLink(rs.getLong("id"), Database.nullableLong(rs, "config_profile_id")));
    }

    /** A new run takes the profile in effect when it started. */
    static void link(Connection c, long runId) throws SQLException {
        Database.update(c, "UPDATE runs SET config_profile_id = " + PROFILE_AT_START + " WHERE id = ?", runId);
    }

    private static final String PROFILE_AT_START = "(SELECT e.profile_id FROM config_applied_events e "
            + "WHERE e.applied_at <= runs.started_at ORDER BY e.applied_at DESC, e.id DESC LIMIT 1)";

    public List<Profile> all() {
        return db.withConnection(c -> {
            List<Profile> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM config_profiles ORDER BY profile_name, version");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long batch = rs.getLong("batch_id");
                    out.add(new Profile(rs.getLong("id"), rs.getString("profile_name"), rs.getInt("version"),
                            rs.getString("content_json"), rs.getString("content_hash"), SampleTimes.iso(rs, "created_at"),
                            rs.getString("source_file"), rs.wasNull() ? null : batch));
                }
            }
            return out;
        });
    }
}
