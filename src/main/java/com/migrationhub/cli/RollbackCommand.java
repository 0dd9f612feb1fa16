package com.migrationhub.cli;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubServices;
import com.migrationhub.ppak.CanonicalRollback;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./hub rollback --batch N}: removes exactly the rows batch N loaded (the versions it overwrote come
 * back). Exit 0 when rolled back (or there was nothing to roll back), 1 when refused because a later batch
 * builds on those rows, 2 for an unknown or running batch, or a flow whose rows cannot be rolled back.
 */
@Command(name = "rollback", description = "Remove exactly the rows batch N loaded; the versions it overwrote come back.")
public final class RollbackCommand implements Callable<Integer> {

    /** Statuses of batches that may have loaded rows: finished, crashed part-way, or failed. */
    private static final Set<String> LOADING = Set.of(BatchLedger.DONE, BatchLedger.ABANDONED, BatchLedger.FAILED);

    @Mixin
    HubOptions options;

    @Option(names = "--batch", required = true, paramLabel = "N", description = "the batch id (see ./hub run's dashboard or /api/batches)")
    long batchId;

    @Override
    public Integer call() {
        try (HubServices services = HubServices.open(options.settings(Map.of()))) {
            BatchLedger.Batch batch = services.ledger().find(batchId);
            if (batch == null) {
                throw new HubConfigurationException("there is no batch " + batchId);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("command", "rollback");
            result.put("batch_id", batchId);
            result.put("flow", batch.flow());
            result.put("source", batch.source());
            String about = "batch " + batchId + " (" + batch.flow() + ", " + batch.source() + ")";
            if (BatchLedger.RUNNING.equals(batch.status())) {
                throw new HubConfigurationException(about + " is still running; if its process died, the next run of "
                        + "the same file marks it abandoned, and it can be rolled back then");
            }
            if (BatchLedger.ROLLED_BACK.equals(batch.status()) || !LOADING.contains(batch.status())) {
                String why = BatchLedger.ROLLED_BACK.equals(batch.status()) ? "already rolled back"
                        : "loaded nothing (" + batch.status() + ")";
                result.put("result", "nothing to roll back");
                result.put("reason", why);
                CommandOutput.print(options.json(), result, about + ": nothing to roll back, " + why);
                return ExitCodes.CLEAN;
            }
            if (!"ppak".equals(batch.flow())) {
                throw new HubConfigurationException("rolling back " + batch.flow() + " batches is not supported; "
                        + "rollback covers the PPak canonical store");
            }
            CanonicalRollback.Outcome outcome = services.ppak().rollback().rollBack(batchId);
            if (!outcome.rolledBack()) {
                result.put("result", "refused");
                result.put("reason", outcome.refusal());
                CommandOutput.print(options.json(), result, about + ": refused, " + outcome.refusal());
                return ExitCodes.REJECTS;
            }
            services.ppak().summary().write(batch.source());
            result.put("result", "rolled back");
            result.put("removed", outcome.removed());
            result.put("restored", outcome.restored());
            result.put("dead_letters_removed", outcome.deadLettersRemoved());
            result.put("dead_letters_reopened", outcome.deadLettersReopened());
            StringBuilder human = new StringBuilder(about + ": rolled back\n");
            outcome.removed().forEach((table, n) -> human.append(String.format("  %-24s %d removed, %d earlier versions restored%n",
                    table, n, outcome.restored().get(table))));
            human.append(String.format("  dead letters: %d removed, %d waiting again", outcome.deadLettersRemoved(),
                    outcome.deadLettersReopened()));
            if (outcome.removedButInInnergy() > 0) {
                String warning = outcome.removedButInInnergy() + " removed rows had been imported into INNERGY; "
                        + "their INNERGY records are untouched";
                result.put("warnings", java.util.List.of(warning));
                human.append("\n  warning: ").append(warning);
            }
            CommandOutput.print(options.json(), result, human.toString());
            return ExitCodes.CLEAN;
        }
    }
}
