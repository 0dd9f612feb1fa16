package com.migrationhub.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}). Each test gets its own
 * schema; when the server truly cannot be reached, tests skip and say so, except under CI ({@code CI=true}),
 * where that fails them.
 */
public final class LocalPostgres {

    public static final String BASE_URL = System.getProperty("hub.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private LocalPostgres() {
    }

    public static boolean reachable() {
        try (Connection c = DriverManager.getConnection(BASE_URL + "&connectTimeout=3")) {
            return c.isValid(3);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                // .ci/run starts the server and makes the database: under CI an unreachable one is a failure, not a skip
                throw new IllegalStateException("CI=true but PostgreSQL at " + BASE_URL + " is not reachable: " + e.getMessage(), e);
            }
            System.err.println("PostgreSQL at " + BASE_URL + " is not reachable (" + e.getMessage()
                    + "): the PostgreSQL tests are SKIPPED");
            return false;
        }
    }

    /** Creates a fresh schema and returns a JDBC URL whose default schema it is. */
    public static String freshSchemaUrl(String prefix) {
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return BASE_URL + "&currentSchema=" + schema;
    }

    public static void dropSchemaOf(String url) {
        int i = url.indexOf("currentSchema=");
        if (i >= 0) {
            String schema = url.substring(i + "currentSchema=".length()).replaceAll("[^a-z0-9_]", "");
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(BASE_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
