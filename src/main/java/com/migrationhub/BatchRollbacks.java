package com.migrationhub;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRollback;
import com.migrationhub.core.DataAccessException;
import com.migrationhub.core.Flow;
import com.migrationhub.core.RollbackOutcome;
import com.migrationhub.core.TargetUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolling back batch N, for {@code ./hub rollback} and {@code POST /api/batches/{id}/rollback} alike: what every flow
 * shares (an unknown batch, a running one, one that loaded nothing), then the {@link BatchRollback} its flow registered
 * removes exactly the rows it loaded, or refuses and says why.
 */
public final class BatchRollbacks {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRollbacks.class);

    /** Statuses of batches that may have loaded rows: finished, crashed part-way, failed, or a file rejected part-way. */
    private static final Set<String> LOADING = Set.of(BatchLedger.DONE, BatchLedger.ABANDONED, BatchLedger.FAILED,
            BatchLedger.REJECTED_FILE, BatchLedger.RUNNING);

    private final HubServices services;

    public BatchRollbacks(HubServices services) {
        this.services = services;
    }

    /** What a rollback did: nothing (and why), refused (and why), or rolled back with its counts. */
    public record Result(BatchLedger.Batch batch, String nothingBecause, RollbackOutcome outcome) {

        public boolean refused() {
            return outcome != null && !outcome.rolledBack();
        }

        public String about() {
            return "batch " + batch.id() + " (" + batch.flow() + ", " + batch.source() + ")";
        }

        public Map<String, Object> toMap() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("command", "rollback");
            result.put("batch_id", batch.id());
            result.put("flow", batch.flow());
            result.put("source", batch.source());
            if (nothingBecause != null) {
                result.put("result", "nothing to roll back");
                result.put("reason", nothingBecause);
            } else if (refused()) {
                result.put("result", "refused");
                result.put("reason", outcome.refusal());
            } else {
                result.put("result", "rolled back");
                result.put("removed", outcome.removed());
                result.put("restored", outcome.restored());
                if (!outcome.unlinked().isEmpty()) {
                    result.put("unlinked", outcome.unlinked());
                }
                result.put("dead_letters_removed", outcome.deadLettersRemoved());
                result.put("dead_letters_reopened", outcome.deadLettersReopened());
                if (!outcome.warnings().isEmpty()) {
                    result.put("warnings", outcome.warnings());
                }
            }
            return result;
        }
    }

    /**
     * Rolls batch {@code id} back. An unknown batch is a {@link NoSuchElementException}; a running one (without
     * {@code force}) or one of a flow that loads no rows of the hub's a {@link com.migrationhub.core.BadRequestException}.
     */
    public Result rollBack(long id, boolean force) {
        BatchLedger.Batch batch = services.ledger().find(id);
        if (batch == null) {
            throw new NoSuchElementException("there is no batch " + id);
        }
        String about = "batch " + id + " (" + batch.flow() + ", " + batch.source() + ")";
        if (BatchLedger.RUNNING.equals(batch.status()) && !force) {
            throw new com.migrationhub.core.BadRequestException(about + " is still running; if its process died, --force rolls it back");
        }
        if (!LOADING.contains(batch.status())) {
            return new Result(batch, BatchLedger.ROLLED_BACK.equals(batch.status()) ? "already rolled back"
                    : "loaded nothing (" + batch.status() + ")", null);
        }
        BatchRollback rollback = Flow.of(batch.flow()).map(services::rollbackOf).orElse(null);
        if (rollback == null) {
            throw new com.migrationhub.core.BadRequestException(batch.flow() + " batches load no database rows of the hub's: there is nothing to roll back");
        }
        try {
            return new Result(batch, null, rollback.rollBack(batch));
        } catch (RuntimeException e) {
            throw failed(about, e);
        }
    }

    /**
     * A rollback that failed without a refusal (a database that is busy, gone or broken): one plain sentence for the
     * operator (exit 3, HTTP 500), the trace once in the log. Each database's step is one transaction, and the hub.db
     * step comes last: what failed was undone, and running the rollback again finishes it.
     */
    private static TargetUnavailableException failed(String about, RuntimeException e) {
        LOG.warn("rollback of {} failed", about, e);
        String where = e instanceof DataAccessException d ? "in the " + d.database() + " database" : "unexpectedly";
        return new TargetUnavailableException("the rollback of " + about + " failed " + where + "; the step that failed "
                + "was undone, logs/hub.log has the cause, and running the rollback again finishes it", e);
    }

    /** {@code POST /api/batches/{id}/rollback}: the id as the path gives it. */
    public Result rollBack(String id) {
        try {
            return rollBack(Long.parseLong(id == null ? "" : id.strip()), false);
        } catch (NumberFormatException e) {
            throw new com.migrationhub.core.BadRequestException("id must be a whole number, got '" + id + "'");
        }
    }
}
