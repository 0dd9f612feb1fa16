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
 * One change to Camel's class: in Camel 4.14 its add answers "taken" whenever its first check found no live row,
 * whatever the insert then did, so two instances arriving together both took the same file (seen here: three of
 * three, on almost every try), and a taken-over orphan was refreshed but never kept alive. Here the check and the
 * insert run under a transaction-scoped PostgreSQL advisory lock on the key, an orphan is deleted and inserted anew
 * (so its new holder keeps it alive), and add answers what really happened.
 */
public final class ClusterFileLocks extends JdbcOrphanLockAwareIdempotentRepository {

    public ClusterFileLocks(DataSource dataSource, CamelContext context, long lockMaxAgeMillis, long keepAliveMillis) {
        super(dataSource, "migration-hub", context);
        setLockMaxAgeMillis(lockMaxAgeMillis);
        setLockKeepAliveIntervalMillis(keepAliveMillis);
        setCreateTableIfNotExists(false); // created by the cluster migrations (db/cluster), with a primary key
    }

    @Override
    public boolean add(String key) {
        return Boolean.TRUE.equals(transactionTemplate.execute(status -> {
            jdbcTemplate.query("SELECT pg_advisory_xact_lock(hashtext(?))", (ResultSetExtractor<Object>) rs -> null,
                    getProcessorName() + '\n' + key);
            if (queryForInt(key) > 0) {
                return false; // a live holder
            }
            jdbcTemplate.update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?", getProcessorName(), key);
            return insert(key) > 0;
        }));
    }
}
