package com.migrationhub.cli;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.HubServices;
import com.migrationhub.core.RollbackOutcome;
import com.migrationhub.BatchRollbacks;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./hub rollback --batch N}: removes exactly the rows batch N loaded (the versions it overwrote come
 * back) in the PPak canonical store, the RMOS or the extruder database. Exit 0 when rolled back (or there was nothing
 * to roll back), 1 when refused because something builds on those rows, 2 for an unknown or running batch, 3 when a
 * database failed under it (what failed was undone; running it again finishes it).
 */
@Command(name = "rollback", description = "Remove exactly the rows batch N loaded; the versions it overwrote come back.")
public final class RollbackCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--batch", required = true, paramLabel = "N", description = "the batch id (see ./hub run's dashboard or /api/batches)")
    long batchId;

    @Option(names = "--force", description = "roll back a batch still marked running: its process died without closing it")
    boolean force;

    @Override
    public Integer call() {
        try (HubServices services = HubServices.open(options.settings(Map.of()))) {
            BatchRollbacks.Result result;
            try {
                result = new BatchRollbacks(services).rollBack(batchId, force);
            } catch (IllegalArgumentException | NoSuchElementException e) {
                throw new HubConfigurationException(e.getMessage());
            }
            if (result.nothingBecause() != null) {
                return options.output().print(ExitCodes.CLEAN, result.toMap(), result.about() + ": nothing to roll back, " + result.nothingBecause());
            }
            RollbackOutcome outcome = result.outcome();
            if (result.refused()) {
                return options.output().print(ExitCodes.REJECTS, result.toMap(), result.about() + ": refused, " + outcome.refusal());
            }
            StringBuilder human = new StringBuilder(result.about() + ": rolled back\n");
            outcome.removed().forEach((table, n) -> human.append(String.format("  %-24s %d removed, %d earlier versions restored%n",
                    table, n, outcome.restored().get(table))));
            outcome.unlinked().forEach((table, n) -> human.append(String.format("  %-24s %d unlinked from removed rows%n",
                    table, n)));
            human.append(String.format("  dead letters: %d removed, %d waiting again", outcome.deadLettersRemoved(),
                    outcome.deadLettersReopened()));
            outcome.warnings().forEach(w -> human.append("\n  warning: ").append(w));
            return options.output().print(ExitCodes.CLEAN, result.toMap(), human.toString());
        }
    }
}
