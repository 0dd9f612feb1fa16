package com.migrationhub.core;

/**
 * One flow's {@code ./hub rollback --batch N}: removes exactly the rows batch N loaded into the flow's database (the
 * versions it overwrote come back, rows of others that pointed at removed rows are unlinked and counted) and settles
 * the ledger with {@link RollbackOutcome#settle}; or changes nothing and answers {@link RollbackOutcome#refused} with
 * what blocks it. A refusal is always an outcome, never an exception: an exception is a failure nobody expected.
 * Each flow that loads rows registers its rollback under its {@link Flow} in the composition root.
 */
@FunctionalInterface
public interface BatchRollback {

    /** Rolls back {@code batch}, which the ledger holds as one that may have loaded rows. */
    RollbackOutcome rollBack(BatchLedger.Batch batch);
}
