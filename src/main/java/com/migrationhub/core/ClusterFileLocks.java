package com.migrationhub.core;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
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
 * <p>
 * Bound before Camel's context exists (the repository needs it for its keep-alive thread), so the repository itself
 * is made when the first inbox starts; the inboxes share it, and it lives until the context shuts down.
 */
public final class ClusterFileLocks extends ServiceSupport implements IdempotentRepository, CamelContextAware {

    private final DataSource dataSource;
    private final long lockMaxAgeMillis;
    private final long keepAliveMillis;
    private CamelContext camelContext;
    private volatile Locks locks;

    public ClusterFileLocks(DataSource dataSource, long lockMaxAgeMillis, long keepAliveMillis) {
        this.dataSource = dataSource;
        this.lockMaxAgeMillis = lockMaxAgeMillis;
        this.keepAliveMillis = keepAliveMillis;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    protected void doStart() {
        if (locks == null) {
            locks = new Locks(dataSource, camelContext, lockMaxAgeMillis, keepAliveMillis);
            locks.start();
        }
    }

    @Override
    protected void doStop() {
        // one inbox stopping must not release the others' locks: they go when the context shuts down
    }

    @Override
    protected void doShutdown() {
        if (locks != null) {
            locks.shutdown();
        }
    }

    @Override
    public boolean add(String key) {
        return locks.add(key);
    }

    @Override
    public boolean contains(String key) {
        return locks.contains(key);
    }

    @Override
    public boolean remove(String key) {
        return locks.remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return locks.confirm(key);
    }

    @Override
    public void clear() {
        locks.clear();
    }

    private static final class Locks extends JdbcOrphanLockAwareIdempotentRepository {

        Locks(DataSource dataSource, CamelContext context, long lockMaxAgeMillis, long keepAliveMillis) {
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
}
