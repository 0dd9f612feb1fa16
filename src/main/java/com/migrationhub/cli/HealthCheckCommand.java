package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.HealthCheck;
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
        HubSettings settings = InnergyCommands.settings(options);
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
            Map<String, Object> report = runtime.services().innergy().healthCheck()
                    .check(canonicalFile == null ? null : canonicalFile.toAbsolutePath());
            CommandOutput.print(options.json(), report, InnergyCommands.healthSummary(report));
            return HealthCheck.HEALTHY.equals(report.get("overall_health")) ? ExitCodes.CLEAN : ExitCodes.REJECTS;
        }
    }
}
