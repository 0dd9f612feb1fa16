package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyServices;
import com.migrationhub.innergy.MaterialSyncReport;
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

    @Mixin
    WriteMode mode;

    @Mixin
    Master master;

    /** Which master and how far the sync goes: sync-materials' flags, which full-cycle takes too. */
    static final class Master {
        @Option(names = "--material-library", paramLabel = "F", description = "the master CSV (default: MATERIAL_LIBRARY_MASTER, else mappings/material_library_master.csv)")
        Path library;

        @Option(names = "--deactivate-missing", description = "deactivate INNERGY materials the master does not list")
        boolean deactivateMissing;
    }

    @Override
    public Integer call() {
        HubSettings settings = InnergyCommands.settings(options, Map.of());
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
            InnergyServices innergy = runtime.services().innergy();
            Outcome outcome;
            try (ProgressDisplay progress = ProgressDisplay.start("sync-materials", innergy.progress(), options.json(), settings)) {
                outcome = sync(innergy, master, mode.live(innergy));
            }
            return options.output().print(outcome);
        }
    }

    /** The sync step, also the second step of {@code full-cycle}: exit 1 when a material failed. */
    static Outcome sync(InnergyServices innergy, Master master, boolean live) {
        MaterialSyncReport sync = innergy.materialSync().sync(master.library == null ? null : master.library.toAbsolutePath(),
                live, master.deactivateMissing);
        Map<String, Object> report = sync.asMap();
        return new Outcome(sync.failed().isEmpty() ? ExitCodes.CLEAN : ExitCodes.REJECTS, report, InnergyCommands.syncSummary(report));
    }
}
