package com.migrationhub.core;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * The inboxes' read locks when several instances share PostgreSQL: Camel's orphan-aware JDBC idempotent repository.
 * The instance holding a file refreshes its row every {@code hub.cluster.lock-keep-alive-ms}; a row not refreshed
 * for {@code hub.cluster.lock-max-age-ms} (its instance died) is an orphan another instance may take over.
 * <p>
 * One change to Camel's class: its add checks for a live row and then inserts (or refreshes an orphan) in separate
 * statements, so two instances arriving together could both take an orphan, and a taken-over row is not kept alive
 * (a third instance would take it again one max-age later). Here the check and the insert run under a
 * transaction-scoped PostgreSQL advisory lock on the key, and an orphan is deleted and inserted anew, so its new
 * holder keeps it alive. The primary key on (processorName, messageId) settles two first inserts.
 */
public final class ClusterFileLocks extends JdbcOrphanLockAwareIdempotentRepository {

    public ClusterFileLocks(DataSource dataSource, CamelContext context, long lockMaxAgeMillis, long keepAliveMillis) {
        super(dataSource, "migration-hub", context);
        setLockMaxAgeMillis(lockMaxAgeMillis);
        setLockKeepAliveIntervalMillis(keepAliveMillis);
        setCreateTableIfNotExists(false); // created by the cluster migrations (db/cluster), with a primary key
    }

    @Override
    protected int insert(String key) {
        jdbcTemplate.query("SELECT pg_advisory_xact_lock(hashtext(?))", (ResultSetExtractor<Object>) rs -> null,
                getProcessorName() + '\n' + key);
        if (queryForInt(key) > 0) {
            return 0; // another instance took it while this one waited for the key
        }
        jdbcTemplate.update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?", getProcessorName(), key);
        return super.insert(key);
    }
}
