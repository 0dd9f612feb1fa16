package com.migrationhub.extruder.cutover;

import com.migrationhub.core.Database;
import com.migrationhub.core.HubSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * What the pre-checks look at: the target, the home's settings, the controller's log folder and config file, and one
 * plain connection to the extruder database. The connection is plain JDBC, not {@link Database#open}: a check must
 * not migrate the schema it reports on, nor create a SQLite file that is not there yet.
 */
public final class CheckContext implements AutoCloseable {

    private final Target target;
    private final HubSettings settings;
    private final Path logs;
    private final Path config;
    private final Calibration calibration;
    private LogInventory inventory;
    private IngestEstimate estimate;
    private String noEstimate;
    private Connection connection;
    private String unreachable;

    public CheckContext(Target target, HubSettings settings, Path logs, Path config, Calibration calibration) {
        this.target = target;
        this.settings = settings;
        this.logs = logs;
        this.config = config;
        this.calibration = calibration;
    }

    public Target target() { return target; }
    public HubSettings settings() { return settings; }
    public Path logs() { return logs; }
    /** {@code --config}, or null to look for the controller's config.json. */
    public Path config() { return config; }
    public Calibration calibration() { return calibration; }
    public Path home() { return settings.path("hub.home"); }

    /** {@code hub.extruder.db.url}, as configured (never printed: {@link #redactedUrl}). */
    String url() {
        return settings.get("hub.extruder.db.url");
    }

    public String redactedUrl() {
        return Database.redact(url());
    }

    public boolean postgres() {
        return url().startsWith("jdbc:postgresql:");
    }

    public boolean sqlite() {
        return url().startsWith("jdbc:sqlite:");
    }

    public String engine() {
        return postgres() ? "postgresql" : sqlite() ? "sqlite" : url().split(":")[1];
    }

    /** The SQLite database file, or null on another engine. */
    public Path sqliteFile() {
        return Database.sqliteFileOfUrl(url());
    }

    /** A SQLite database the hub has not created yet: nothing to connect to, the first run makes it. */
    public boolean sqliteNotCreated() {
        return sqlite() && sqliteFile() != null && !Files.exists(sqliteFile());
    }

    /**
     * The connection, opened once (5 s timeout); null for a SQLite file not created yet. Throws {@link SQLException}
     * when the database cannot be reached; {@link #unreachable()} then says why.
     */
    public synchronized Connection connection() throws SQLException {
        if (connection == null && unreachable == null && !sqliteNotCreated()) {
            Properties p = new Properties();
            if (postgres()) {
                p.setProperty("connectTimeout", "5");
                p.setProperty("loginTimeout", "5");
                p.setProperty("socketTimeout", "60");
            }
            try {
                connection = DriverManager.getConnection(url(), p);
            } catch (SQLException e) {
                unreachable = e.getMessage();
                throw e;
            }
        }
        if (unreachable != null) {
            throw new SQLException(unreachable);
        }
        return connection;
    }

    /** Why the database could not be reached, or null. */
    public synchronized String unreachable() {
        return unreachable;
    }

    /** The controller's config.json: {@code --config}, else beside or above the logs, else the newest snapshot in a config folder. */
    public java.util.Optional<Path> controllerConfig() {
        return HomeChecks.ConfigPresent.configFile(this);
    }

    /** The run logs found in the folder, read once for every check that needs them. */
    public synchronized LogInventory inventory() {
        if (inventory == null) {
            inventory = LogInventory.of(logs, LogChecks.zone(settings));
        }
        return inventory;
    }

    /**
     * The ingest estimate, calibrated once (logs.estimate shows it, disk.db sizes by it); null when it cannot be made,
     * {@link #noEstimate()} then says why.
     */
    public synchronized IngestEstimate estimate() {
        if (estimate == null && noEstimate == null) {
            if (calibration == null) {
                noEstimate = "no calibration available";
            } else if (inventory().logs().isEmpty()) {
                noEstimate = "no run logs in " + logs;
            } else {
                Path scratch = settings.path("hub.data").resolve(".cutover-calibration-" + ProcessHandle.current().pid());
                try {
                    long budget = Long.parseLong(settings.get("hub.cutover.calibration-bytes",
                            Long.toString(IngestEstimate.DEFAULT_SAMPLE_BYTES)).strip());
                    estimate = IngestEstimate.of(inventory(), calibration, scratch, budget);
                } catch (Exception e) {
                    noEstimate = "the calibration failed: " + e.getMessage();
                } finally {
                    deleteTree(scratch);
                }
            }
        }
        return estimate;
    }

    public synchronized String noEstimate() {
        return noEstimate;
    }

    /** Removes a scratch folder the cut-over made (calibration, backup). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + dir, e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a probe connection: nothing left to do
            }
        }
    }

    /**
     * Ingests samples of the logs, phase after phase in one JVM, into one throw-away database of the same engine, with
     * the real ingest code. Each phase is a folder holding {@code logs/}; the answer has one measurement per phase.
     */
    @FunctionalInterface
    public interface Calibration {
        java.util.List<Calibrated> run(java.util.List<Path> phases) throws Exception;
    }

    /**
     * What one phase measured: the wall seconds of the ingest itself, the seconds to start and stop the runtime around
     * it (with the JVM's own start), the rows loaded and bytes read, and the database's growth in bytes.
     */
    public record Calibrated(double seconds, double startupSeconds, long rows, long bytes, long databaseGrowth) {
    }
}
