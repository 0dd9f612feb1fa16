package com.migrationhub.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One pooled database (hub, extruder or rmos) whose schema Flyway keeps current.
 * SQLite and PostgreSQL share the migrations; the few type differences are Flyway placeholders.
 */
public final class Database implements AutoCloseable {

    private final String name;
    private final String url;
    private final HikariDataSource dataSource;

    private Database(String name, String url, HikariDataSource dataSource) {
        this.name = name;
        this.url = url;
        this.dataSource = dataSource;
    }

    /** Opens the pool and migrates {@code classpath:db/<name>}. */
    public static Database open(String name, String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new HubConfigurationException("the " + name + " database URL must be a JDBC URL, got '" + url + "'");
        }
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        if (sqlite) {
            createParentFolder(url);
            formatNewSqliteFile(url);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        // SQLite has one writer per file: a small pool, writers queue on busy_timeout (IMMEDIATE transactions).
        config.setMaximumPoolSize(sqlite ? 4 : 8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new TargetUnavailableException("cannot open the " + name + " database (" + redact(url) + "): " + rootMessage(e));
        }
        migrations(name, ds, sqlite).migrate();
        return new Database(name, url, ds);
    }

    /** Flyway over {@code classpath:db/<name>} with the engine's placeholders: to migrate, or to inspect (cutover check). */
    public static Flyway migrations(String name, DataSource ds, boolean sqlite) {
        // db/<name> for both engines, and db/<name>-sqlite or db/<name>-postgresql where a migration differs
        String vendor = "db/" + name + (sqlite ? "-sqlite" : "-postgresql");
        String[] locations = Database.class.getClassLoader().getResource(vendor) == null
                ? new String[] {"classpath:db/" + name} : new String[] {"classpath:db/" + name, "classpath:" + vendor};
        return Flyway.configure()
                .dataSource(ds)
                .locations(locations)
                .placeholders(Map.of(
                        "id_pk", sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY",
                        "big_int", sqlite ? "INTEGER" : "BIGINT",
                        // a table clustered on its primary key: one B-tree on SQLite, PostgreSQL's heap otherwise
                        "without_rowid", sqlite ? "WITHOUT ROWID" : ""))
                .load();
    }

    /** The database file of a SQLite JDBC URL, or null (in-memory, or not SQLite). */
    public static Path sqliteFileOfUrl(String url) {
        return url != null && url.startsWith("jdbc:sqlite:") ? sqliteFileOf(url) : null;
    }

    /** The database file of a SQLite URL, or null for an in-memory database. */
    private static Path sqliteFileOf(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        if (q >= 0) {
            file = file.substring(0, q);
        }
        if (file.startsWith("file:")) {
            file = file.substring(5);
        }
        return file.isBlank() || file.equals(":memory:") ? null : Path.of(file);
    }

    /**
     * A new SQLite file gets 16 KiB pages before anything else touches it (the page size is fixed once the
     * file is in WAL mode). Canonical rows carry ~0.5 KiB of JSON: with the default 4 KiB pages a
     * million-row export spent a third of its time in page splits and write calls (bench/ppak).
     */
    private static void formatNewSqliteFile(String url) {
        Path file = sqliteFileOf(url);
        try {
            if (file == null || (Files.exists(file) && Files.size(file) > 0)) {
                return;
            }
        } catch (java.io.IOException e) {
            return;
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size = " + SQLITE_PAGE_SIZE);
            s.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new TargetUnavailableException("cannot create the SQLite database " + file + ": " + e.getMessage());
        }
    }

    private static final int SQLITE_PAGE_SIZE = 16_384;

    private static void createParentFolder(String url) {
        Path file = sqliteFileOf(url);
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new HubConfigurationException("cannot create " + parent + ": " + e.getMessage());
            }
        }
    }

    /** The innermost cause's message: what the driver said, without the wrappers around it. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** The URL without credentials, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    public String name() { return name; }
    public boolean isSqlite() { return url.startsWith("jdbc:sqlite:"); }
    public boolean isPostgres() { return url.startsWith("jdbc:postgresql:"); }
    public DataSource dataSource() { return dataSource; }
    public String url() { return redact(url); }

    /** The database file for SQLite URLs, for status pages. */
    public Path sqliteFile() {
        return isSqlite() ? sqliteFileOf(url) : null;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction: all of it is committed, or none. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessException(name, e);
        }
    }

    /**
     * Inside a transaction that checks rows and then changes them: keeps concurrent writers out of these
     * tables until it ends. PostgreSQL needs the lock; SQLite's IMMEDIATE transactions already serialise writers.
     */
    public void lockAgainstWriters(Connection c, String... tables) throws SQLException {
        if (isPostgres()) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("LOCK TABLE " + String.join(", ", tables) + " IN SHARE ROW EXCLUSIVE MODE");
            }
        }
    }

    /** One statement with these parameters, on the caller's connection: its update count. */
    public static long update(Connection c, String sql, Object... parameters) throws SQLException {
        try (java.sql.PreparedStatement ps = prepare(c, sql, parameters)) {
            return ps.executeUpdate();
        }
    }

    /** A query of one number (a {@code COUNT(*)}) with these parameters, on the caller's connection. */
    public static long count(Connection c, String sql, Object... parameters) throws SQLException {
        try (java.sql.PreparedStatement ps = prepare(c, sql, parameters); java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Reads one result row into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(java.sql.ResultSet row) throws SQLException;
    }

    /** A query with these parameters, on the caller's connection: every row mapped, in order. */
    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        try (java.sql.PreparedStatement ps = prepare(c, sql, parameters); java.sql.ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    /** The same, each row as its columns by lower-case label, in order: for answers written as JSON. */
    public static List<Map<String, Object>> rows(Connection c, String sql, Object... parameters) throws SQLException {
        return query(c, sql, rs -> {
            java.sql.ResultSetMetaData meta = rs.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                // the same answer from both engines: PostgreSQL's timestamptz as the hub's ISO text, jsonb as its text
                if (v instanceof java.sql.Timestamp t) {
                    v = Instants.iso(t.toInstant());
                } else if (v instanceof org.postgresql.util.PGobject) {
                    v = rs.getString(i);
                }
                row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), v);
            }
            return row;
        }, parameters);
    }

    /** A nullable whole-number column: null where SQL has NULL (getLong alone reads 0). */
    public static Long nullableLong(java.sql.ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static java.sql.PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        java.sql.PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        return ps;
    }

    /** Runs read-only or single-statement work on a pooled connection. */
    public <T> T withConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DataAccessException(name, e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
