package com.migrationhub.cli;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.HubServices;
import com.migrationhub.core.RollbackOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./hub rollback --batch N}: removes exactly the rows batch N loaded (the versions it overwrote come
 * back) in the PPak canonical store or the RMOS database. Exit 0 when rolled back (or there was nothing to roll
 * back), 1 when refused because a later batch builds on those rows, 2 for an unknown or running batch.
 */
@Command(name = "rollback", description = "Remove exactly the rows batch N loaded; the versions it overwrote come back.")
public final class RollbackCommand implements Callable<Integer> {

    /** Statuses of batches that may have loaded rows: finished, crashed part-way, failed, or a file rejected part-way. */
    private static final Set<String> LOADING = Set.of(BatchLedger.DONE, BatchLedger.ABANDONED, BatchLedger.FAILED,
            BatchLedger.REJECTED_FILE, BatchLedger.RUNNING);

    @Mixin
    HubOptions options;

    @Option(names = "--batch", required = true, paramLabel = "N", description = "the batch id (see ./hub run's dashboard or /api/batches)")
    long batchId;

    @Option(names = "--force", description = "roll back a batch still marked running: its process died without closing it")
    boolean force;

    @Override
    public Integer call() {
        try (HubServices services = HubServices.open(options.settings(Map.of()))) {
            BatchLedger.Batch batch = services.ledger().find(batchId);
            if (batch == null) {
                throw new HubConfigurationException("there is no batch " + batchId);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("batch_id", batchId);
            result.put("flow", batch.flow());
            result.put("source", batch.source());
            String about = "batch " + batchId + " (" + batch.flow() + ", " + batch.source() + ")";
            if (BatchLedger.RUNNING.equals(batch.status()) && !force) {
                throw new HubConfigurationException(about + " is still running; if its process died, --force rolls it back");
            }
            if (!LOADING.contains(batch.status())) {
                String why = BatchLedger.ROLLED_BACK.equals(batch.status()) ? "already rolled back"
                        : "loaded nothing (" + batch.status() + ")";
                result.put("result", "nothing to roll back");
                result.put("reason", why);
                return options.output().print(ExitCodes.CLEAN, result, about + ": nothing to roll back, " + why);
            }
            RollbackOutcome outcome = switch (batch.flow()) {
                case "ppak" -> services.ppak().rollback().rollBack(batch);
                case "rmos" -> services.rmos().rollback().rollBack(batch);
                case "extruder" -> services.extruder().rollback().rollBack(batch);
                default -> throw new HubConfigurationException(batch.flow() + " batches load no database rows of the hub's: "
                        + "there is nothing to roll back");
            };
            if (!outcome.rolledBack()) {
                result.put("result", "refused");
                result.put("reason", outcome.refusal());
                return options.output().print(ExitCodes.REJECTS, result, about + ": refused, " + outcome.refusal());
            }
            if ("ppak".equals(batch.flow())) {
                services.ppak().summary().write(batch.source());
            }
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
            if (!outcome.warnings().isEmpty()) {
                result.put("warnings", outcome.warnings());
                outcome.warnings().forEach(w -> human.append("\n  warning: ").append(w));
            }
            return options.output().print(ExitCodes.CLEAN, result, human.toString());
        }
    }
}
