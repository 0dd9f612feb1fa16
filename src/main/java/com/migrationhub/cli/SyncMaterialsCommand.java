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

/** {@code ./hub sync-materials}: the master library → INNERGY materials; dry-run unless --live. */
@Command(name = "sync-materials", description = "Master material library -> INNERGY materials; dry-run unless --live.")
public final class SyncMaterialsCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--material-library", paramLabel = "F", description = "the master CSV (default: MATERIAL_LIBRARY_MASTER, else mappings/material_library_master.csv)")
    Path library;

    @Option(names = "--live", description = "send the writes (default: dry-run, a plan in outbox/innergy/)")
    boolean live;

    @Option(names = "--deactivate-missing", description = "deactivate INNERGY materials the master does not list")
    boolean deactivateMissing;

    @Override
    public Integer call() {
        HubSettings settings = InnergyCommands.settings(options);
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
            InnergyServices innergy = runtime.services().innergy();
            Map<String, Object> report;
            try (ProgressDisplay progress = ProgressDisplay.start("sync-materials", innergy.progress(), options.json(), settings)) {
                report = innergy.materialSync().sync(library == null ? null : library.toAbsolutePath(), live || innergy.live(),
                        deactivateMissing);
            }
            CommandOutput.print(options.json(), report, InnergyCommands.syncSummary(report));
            return ((Number) ((Map<?, ?>) report.get("counts")).get("failed")).longValue() > 0 ? ExitCodes.REJECTS : ExitCodes.CLEAN;
        }
    }
}
