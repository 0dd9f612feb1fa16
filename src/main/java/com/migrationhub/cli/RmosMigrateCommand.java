package com.migrationhub.cli;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.OneShot;
import com.migrationhub.rmos.RmosReports;
import com.migrationhub.rmos.RmosServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./hub rmos-migrate}: the RMOS routes, once, over the documents present. Documents still
 * waiting for a reference at the end are rejected naming the missing id (replay loads them later).
 */
@Command(name = "rmos-migrate", mixinStandardHelpOptions = true, description = "One-shot RMOS JSON documents -> RMOS database over the files present.")
public final class RmosMigrateCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "folder with strip_families/, patterns/, joblogs/ (default: inbox/rmos); a foreign folder is read, never emptied")
    Path dataDir;

    @Option(names = "--dry-run", description = "validate and report without writing anything")
    boolean dryRun;

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (dataDir != null) {
            flags.put("hub.rmos.data-dir", dataDir.toAbsolutePath().toString());
        }
        return options.output().print(run(options.settings(flags), dryRun, options.json()));
    }

    static Outcome run(HubSettings base, boolean dryRun, boolean json) {
        Path dir = base.path("hub.rmos.data-dir");
        Path inbox = base.path("hub.inbox").resolve("rmos");
        boolean foreign = !dir.toAbsolutePath().normalize().equals(inbox.toAbsolutePath().normalize());
        if (!Files.isDirectory(dir) && foreign) {
            throw new HubConfigurationException("the RMOS data folder " + dir + " does not exist");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("hub.rmos.autostart", "false");
        overrides.put("hub.rmos.polls", "1");
        overrides.put("hub.rmos.initial-delay-ms", "0");
        overrides.put("hub.rmos.dry-run", Boolean.toString(dryRun));
        overrides.put("hub.rmos.delete-originals", Boolean.toString(!foreign && !dryRun));
        if (dryRun) {
            // Nothing is committed in a dry run, so references can only resolve inside one transaction.
            overrides.put("hub.rmos.batch-size", Integer.toString(Integer.MAX_VALUE));
        }
        HubSettings settings = base.with(overrides);
        long started = System.nanoTime();
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("rmos"))) {
            RmosServices rmos = runtime.services().rmos();
            int files = rmos.selection().filesIn(dir).size();
            boolean finished;
            runtime.services().core().progress().expectRows(files);
            try (ProgressDisplay progress = ProgressDisplay.start("rmos-migrate", runtime.services().core().progress(), json, settings)) {
                finished = OneShot.drain(runtime.context(), "rmos-inbox", files, Duration.ofMinutes(settings.getInt("hub.oneshot.timeout-minutes", 360)));
            }
            if (!dryRun) {
                // The end of a one-shot run: whatever still waits for a reference will not get it now.
                runtime.context().createProducerTemplate().requestBody("direct:rmos-expire", Instant.now());
            }
            Map<String, Map<String, Long>> stats = rmos.tally().stats();
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Path> reports = dryRun ? List.of() : rmos.reports().writeMigration(stats, RmosReports.FORMATS);
            return report(dir, dryRun, stats, reports, finished, files, seconds);
        }
    }

    static Outcome report(Path dir, boolean dryRun, Map<String, Map<String, Long>> stats, List<Path> reports,
                      boolean finished, int files, double seconds) {
        long found = 0, migrated = 0, skipped = 0, failed = 0;
        StringBuilder human = new StringBuilder();
        human.append(String.format("RMOS migration%s over %s%n", dryRun ? " (dry run: nothing written)" : "", dir));
        human.append(String.format("%-16s %7s %9s %8s %8s %7s%n", "entity", "found", "migrated", "updated", "skipped", "failed"));
        for (Map.Entry<String, Map<String, Long>> e : stats.entrySet()) {
            Map<String, Long> c = e.getValue();
            found += c.get("found");
            migrated += c.get("migrated");
            skipped += c.get("skipped");
            failed += c.get("failed");
            human.append(String.format("%-16s %7d %9d %8d %8d %7d%n", e.getKey(), c.get("found"), c.get("migrated"),
                    c.get("updated"), c.get("skipped"), c.get("failed")));
        }
        human.append(String.format("%-16s %7d %9d %8s %8d %7d%n", "total", found, migrated, "", skipped, failed));
        human.append(String.format("found = migrated + skipped + failed: %s%n", found == migrated + skipped + failed ? "yes" : "NO"));
        human.append(String.format("%d files in %.1f s (%.0f documents/s)%n", files, seconds, seconds > 0 ? files / seconds : 0));
        if (failed > 0) {
            human.append("rejected documents: outbox/dead-letter/rmos/ (./hub dead-letter list --flow rmos)").append(System.lineSeparator());
        }
        List<String> reportNames = new ArrayList<>();
        for (Path p : reports) {
            reportNames.add(p.toString());
        }
        if (!reports.isEmpty()) {
            human.append("reports: ").append(String.join(", ", reportNames));
        }
        if (!finished) {
            human.append(System.lineSeparator()).append("WARNING: timed out before every file was processed");
        }
        int exit = failed > 0 || !finished ? ExitCodes.REJECTS : ExitCodes.CLEAN;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data_dir", dir.toString());
        result.put("dry_run", dryRun);
        result.put("stats", stats);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("found", found);
        totals.put("migrated", migrated);
        totals.put("skipped", skipped);
        totals.put("failed", failed);
        result.put("totals", totals);
        result.put("files", files);
        result.put("seconds", Math.round(seconds * 1000) / 1000.0);
        result.put("complete", finished);
        return new Outcome(exit, result, human.toString());
    }
}
