package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hub import-projects}: canonical projects and their work orders → INNERGY; dry-run unless --live. */
@Command(name = "import-projects", description = "Canonical projects (and work orders) -> INNERGY; dry-run unless --live.")
public final class ImportProjectsCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--canonical-file", paramLabel = "F", description = "a canonical_projects_<date>.json (default: the canonical store)")
    Path canonicalFile;

    @Option(names = "--live", description = "send the writes (default: dry-run, a plan in outbox/innergy/)")
    boolean live;

    @Override
    public Integer call() {
        HubSettings settings = InnergyCommands.settings(options);
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
            InnergyServices innergy = runtime.services().innergy();
            Map<String, Object> report;
            try (ProgressDisplay progress = ProgressDisplay.start("import-projects", innergy.progress(), options.json(), settings)) {
                report = innergy.importProjects(canonicalFile == null ? null : canonicalFile.toAbsolutePath(), live || innergy.live());
            }
            CommandOutput.print(options.json(), report, InnergyCommands.importSummary(report));
            return InnergyCommands.failed(report) > 0 ? ExitCodes.REJECTS : ExitCodes.CLEAN;
        }
    }
}
