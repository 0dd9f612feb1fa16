package com.migrationhub.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Several instances on one PostgreSQL (SPEC §9, docs/SCALE_OUT.md), built from Camel's and Quartz's own clustering:
 * the inboxes' read locks in a shared idempotent repository ({@link ClusterFileLocks}), and the scheduled jobs in
 * Quartz's clustered JDBC job store, so each firing runs on one instance and a job whose instance died is recovered
 * by another. With SQLite (one instance per home) the read lock stays {@code changed} and Quartz stays in memory.
 */
public final class HubCluster {

    /** The repository every inbox's read lock (and a noop inbox's taken-file marks) refers to: {@code #hubFileLocks}. */
    public static final String FILE_LOCKS = "hubFileLocks";
    private static final String QUARTZ_DATA_SOURCE = "hub";

    private HubCluster() {
    }

    public static boolean enabled(HubSettings settings) {
        return settings.get("hub.db.url").startsWith("jdbc:postgresql:");
    }

    /**
     * Creates the cluster's tables once, whichever instance starts first (Flyway serialises concurrent migrations on
     * PostgreSQL). Its own history table keeps these versions apart from the hub schema's.
     */
    public static void migrate(Database hubDb) {
        Flyway.configure()
                .dataSource(hubDb.dataSource())
                .table("cluster_schema_history")
                .locations("classpath:db/cluster")
                .javaMigrations(new QuartzJobStore())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** Binds what the routes name: the file-lock repository and, in the service, the clustered Quartz. */
    public static void bind(HubSettings settings, Database hubDb, BiConsumer<String, Object> bind) {
        if (!enabled(settings)) {
            // one instance: the noop inboxes' taken-file marks in memory, as Camel's default, shared by the inboxes
            bind.accept(FILE_LOCKS, MemoryIdempotentRepository.memoryIdempotentRepository(10_000));
            bind.accept("quartz", quartz(settings));
            return;
        }
        IdempotentRepository locks = new ClusterFileLocks(hubDb.dataSource(),
                settings.getInt("hub.cluster.lock-max-age-ms", 30_000), settings.getInt("hub.cluster.lock-keep-alive-ms", 5_000));
        bind.accept(FILE_LOCKS, locks);
        if (!settings.getBoolean("hub.service", false)) {
            bind.accept("quartz", quartz(settings));
            return; // a one-shot command does not join the schedule: a firing it took would die with it
        }
        DBConnectionManager.getInstance().addConnectionProvider(QUARTZ_DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return hubDb.dataSource().getConnection();
            }

            @Override
            public void shutdown() {
                // the hub closes its own pool
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        QuartzComponent quartz = quartz(settings);
        quartz.setProperties(quartzProperties(settings));
        quartz.setEnableJmx(false); // JMX names refuse the ':' of host:pid instance ids
        bind.accept("quartz", quartz);
    }

    /**
     * A one-shot command's Quartz stops without waiting for jobs: its routes have stopped by then, and the wait joins
     * Quartz's idle workers, which look for work every 500 ms: up to half a second on every command's exit
     * (bench/extruder). The service waits, so a job still running past Camel's shutdown timeout is not cut off.
     */
    private static QuartzComponent quartz(HubSettings settings) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setInterruptJobsOnShutdown(!settings.getBoolean("hub.service", false));
        return quartz;
    }

    static Properties quartzProperties(HubSettings settings) {
        Properties p = new Properties();
        // the same scheduler name on every instance (it is the cluster), a distinct id per instance
        p.setProperty("org.quartz.scheduler.instanceName", "migration-hub");
        p.setProperty("org.quartz.scheduler.instanceId", settings.get("hub.instance.id"));
        p.setProperty("org.quartz.threadPool.threadCount", "3");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", QUARTZ_DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        // an instance silent for about this long is taken for dead: its running recoverable jobs run again elsewhere
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", settings.get("hub.cluster.checkin-ms", "5000"));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** Quartz's PostgreSQL tables, from the DDL shipped in the Quartz jar (its DROP statements left out). */
    static final class QuartzJobStore implements JavaMigration {

        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion("2");
        }

        @Override
        public String getDescription() {
            return "Quartz job store";
        }

        @Override
        public Integer getChecksum() {
            return ddl().hashCode();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws Exception {
            try (Statement s = context.getConnection().createStatement()) {
                for (String statement : ddl().split(";")) {
                    String sql = statement.strip();
                    if (!sql.isEmpty() && !sql.toUpperCase(java.util.Locale.ROOT).startsWith("DROP ")
                            && !sql.equalsIgnoreCase("commit")) {
                        s.execute(sql);
                    }
                }
            }
        }

        private static String ddl() {
            try (InputStream in = DBConnectionManager.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
                if (in == null) {
                    throw new IllegalStateException("tables_postgres.sql is missing from the Quartz jar");
                }
                StringBuilder sql = new StringBuilder();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.strip().startsWith("--")) {
                        sql.append(line).append('\n');
                    }
                }
                return sql.toString();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read Quartz's DDL: " + e.getMessage(), e);
            }
        }
    }
}
