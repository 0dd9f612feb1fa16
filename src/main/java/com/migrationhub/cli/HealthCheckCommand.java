package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.innergy.HealthCheck;
import com.migrationhub.innergy.InnergyServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hub health-check}: the migration health report; exit 0 healthy, 1 problems, 3 INNERGY unreachable or refused. */
@Command(name = "health-check", description = "The migration health report (exit 0 healthy, 1 problems, 3 INNERGY unreachable).")
public final class HealthCheckCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--canonical-file", paramLabel = "F", description = "check a canonical_projects_<date>.json (default: the canonical store)")
    Path canonicalFile;

    @Override
    public Integer call() {
        try (HubRuntime runtime = HubRuntime.start(InnergyCommands.settings(options, Map.of()), List.of("innergy"))) {
            return options.output().print(check(runtime.services().innergy(), canonicalFile));
        }
    }

    /** The health check, also the last step of {@code full-cycle}: exit 1 unless healthy. */
    static Outcome check(InnergyServices innergy, Path canonicalFile) {
        Map<String, Object> report = innergy.healthCheck().check(canonicalFile == null ? null : canonicalFile.toAbsolutePath());
        int exit = HealthCheck.HEALTHY.equals(report.get("overall_health")) ? ExitCodes.CLEAN : ExitCodes.REJECTS;
        return new Outcome(exit, report, InnergyCommands.healthSummary(report));
    }
}
