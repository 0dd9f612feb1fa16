package com.migrationhub.extruder;

import com.migrationhub.core.Instants;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The extruder's instants in SQL on either engine (V4): PostgreSQL keeps them as {@code timestamptz}, so dashboards
 * can write {@code recorded_at > now() - interval '1 hour'}; SQLite keeps its compact forms (epoch milliseconds for
 * samples, fixed-width ISO text elsewhere). The code reads both the same way through these two.
 */
final class SampleTimes {

    private SampleTimes() {
    }

    static boolean postgres(Connection c) throws SQLException {
        return c.isWrapperFor(org.postgresql.PGConnection.class);
    }

    /** An instant column as epoch milliseconds in SQL: itself on SQLite, its epoch on PostgreSQL. */
    static String millis(Connection c, String column) throws SQLException {
        return postgres(c) ? "(EXTRACT(EPOCH FROM " + column + ") * 1000)::bigint" : column;
    }

    /** An instant column as the hub's fixed-width ISO text ({@code 2025-12-01T18:30:00.000Z}), or null. */
    static String iso(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v instanceof Timestamp t ? Instants.iso(t.toInstant()) : (String) v;
    }
}
