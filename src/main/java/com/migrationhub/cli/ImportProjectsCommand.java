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

    @Mixin
    WriteMode mode;

    @Option(names = "--canonical-file", paramLabel = "F", description = "a canonical_projects_<date>.json (default: the canonical store)")
    Path canonicalFile;

    @Override
    public Integer call() {
        HubSettings settings = InnergyCommands.settings(options, Map.of());
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
            InnergyServices innergy = runtime.services().innergy();
            Outcome outcome;
            try (ProgressDisplay progress = ProgressDisplay.start("import-projects", innergy.progress(), options.json(), settings)) {
                outcome = importProjects(innergy, canonicalFile, mode.live(innergy), options.output());
            }
            return options.output().print(outcome);
        }
    }

    /**
     * The import step, also the third step of {@code full-cycle}: exit 1 when a project or work order failed. A
     * canonical file given gets the INNERGY ids written back, so the answer names it among the outputs.
     */
    static Outcome importProjects(InnergyServices innergy, Path canonicalFile, boolean live, CommandOutput answer) {
        Path file = canonicalFile == null ? null : canonicalFile.toAbsolutePath();
        if (file != null) {
            answer.watch(file);
        }
        Map<String, Object> report = innergy.importProjects(file, live);
        int exit = InnergyCommands.failed(report) > 0 ? ExitCodes.REJECTS : ExitCodes.CLEAN;
        return new Outcome(exit, report, InnergyCommands.importSummary(report));
    }
}
