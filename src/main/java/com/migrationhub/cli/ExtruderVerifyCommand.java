package com.migrationhub.cli;

import com.migrationhub.HubServices;
import com.migrationhub.extruder.ExtruderServices;
import com.migrationhub.extruder.ParityCheck;
import com.migrationhub.extruder.RunRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./hub extruder-verify}: the runbook's CSV-vs-database parity for every run. Exit 0 when every run
 * matches, 1 naming each run and line that differs. A run whose log changed under the hub (truncated, replaced,
 * abandoned) has no file to check against: listed as unchecked with why, not a mismatch.
 */
@Command(name = "extruder-verify", mixinStandardHelpOptions = true,
        description = "CSV-vs-database parity for every extruder run; exit 1 on any mismatch.")
public final class ExtruderVerifyCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Override
    public Integer call() {
        com.migrationhub.core.HubSettings settings = options.settings(Map.of());
        try (HubServices services = HubServices.open(settings)) {
            ExtruderServices extruder = services.extruder();
            List<ParityCheck.RunParity> results = new ArrayList<>();
            for (RunRecord run : extruder.runs().all()) {
                results.add(extruder.parity().check(run));
            }
            List<Path> reports = extruder.parityReport().write(results);
            long mismatched = results.stream().filter(ParityCheck.RunParity::mismatch).count();
            long unchecked = results.stream().filter(r -> r.unchecked() != null).count();
            StringBuilder human = new StringBuilder(String.format("Extruder parity: %d runs, %d matching, %d mismatched%s%n",
                    results.size(), results.size() - mismatched - unchecked, mismatched,
                    unchecked == 0 ? "" : ", " + unchecked + " unchecked (their log changed under the hub)"));
            for (ParityCheck.RunParity r : results) {
                human.append(String.format("  run %-5d %-28s %,9d lines %,9d stored %,6d rejected  %s%n", r.runId(), r.sourceFile(),
                        r.csvLines(), r.stored(), r.rejected(), r.match() ? "match" : r.unchecked() != null ? "UNCHECKED: " + r.unchecked()
                        : "MISMATCH (" + r.differences() + ")"));
                r.listed().forEach(d -> human.append("      ").append(d).append(System.lineSeparator()));
            }
            human.append("reports: ").append(reports.get(0)).append(", ").append(reports.get(1));
            int exit = mismatched > 0 ? ExitCodes.REJECTS : ExitCodes.CLEAN;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("runs", results.size());
            result.put("mismatched", mismatched);
            result.put("unchecked", unchecked);
            result.put("results", results.stream().map(ParityCheck.RunParity::toMap).toList());
            Cutover.verified(settings, exit, reports.get(0));
            return options.output().print(exit, result, human.toString());
        }
    }
}
