package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchTotals;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.OneShot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./hub extruder-ingest [--dir D]}: the extruder routes, once, over the files present in {@code D/config},
 * {@code D/logs} and {@code D/events} (default: the inbox). A foreign folder is read, never emptied: its originals
 * are copied to the archive.
 */
@Command(name = "extruder-ingest", mixinStandardHelpOptions = true,
        description = "One-shot ingest of the extruder files present: D/config, D/logs, D/events (default D: inbox/extruder).")
public final class ExtruderIngestCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--dir", paramLabel = "DIR", description = "folder with logs/ (and config/, events/); default inbox/extruder")
    Path dir;

    @Override
    public Integer call() throws IOException {
        HubSettings base = options.settings(Map.of());
        Path inbox = base.path("hub.inbox").resolve("extruder");
        Path root = dir == null ? inbox : dir.toAbsolutePath().normalize();
        boolean foreign = !root.equals(inbox.toAbsolutePath().normalize());
        if (foreign && !Files.isDirectory(root)) {
            throw new HubConfigurationException("the extruder folder " + root + " does not exist");
        }
        Ingested run = ingest(base, root, foreign, options.json());
        int exit = report(root, run.settings(), run.batches(), run.finished());
        Cutover.ingested(run.settings(), run.finished(), run.batches(), options.output());
        return exit;
    }

    /** What one ingest did, and how long starting the runtime and the ingest itself took (the cut-over's calibration). */
    record Ingested(HubSettings settings, List<BatchLedger.Batch> batches, boolean finished, double startupSeconds,
                    double ingestSeconds, double closeSeconds) {
    }

    /**
     * The extruder routes, once, over {@code root}'s config/, logs/ and events/: the one ingest, used by this command and
     * by the cut-over's calibration (logs.estimate) alike.
     */
    static Ingested ingest(HubSettings base, Path root, boolean foreign, boolean quiet) throws IOException {
        Path logs = root.resolve("logs");
        HubSettings settings = base.with(Map.of(
                "hub.extruder.logs-dir", logs.toString(),
                "hub.extruder.config-dir", root.resolve("config").toString(),
                "hub.extruder.events-dir", root.resolve("events").toString(),
                "hub.extruder.autostart", "false",
                "hub.extruder.live-enabled", "false",
                "hub.extruder.initial-delay-ms", "0",
                "hub.extruder.polls", "1",
                "hub.inbox.check-interval-ms", "50",
                "hub.extruder.delete-originals", Boolean.toString(!foreign)));
        long t0 = System.nanoTime();
        long t1;
        long t2;
        List<BatchLedger.Batch> batches;
        boolean finished;
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("extruder"))) {
            t1 = System.nanoTime();
            long before = PpakEtlCommand.lastBatchId(runtime);
            // configuration first (runs link to the profile in effect), then the logs, then events (they link to runs)
            Duration timeout = Duration.ofMinutes(settings.getInt("hub.oneshot.timeout-minutes", 360));
            runtime.services().core().progress().expectBytes(ProgressDisplay.bytesOf(logs, ExtruderIngestCommand::isCandidate));
            try (ProgressDisplay progress = ProgressDisplay.start("extruder-ingest", runtime.services().core().progress(),
                    quiet, settings)) {
                finished = OneShot.drain(runtime.context(), "extruder-config", countFiles(root.resolve("config")), timeout)
                        & OneShot.drain(runtime.context(), "extruder-logs", countFiles(logs), timeout)
                        & OneShot.drain(runtime.context(), "extruder-events", countFiles(root.resolve("events")), timeout);
            }
            batches = PpakEtlCommand.newBatches(runtime, "extruder", before);
            t2 = System.nanoTime();
        }
        return new Ingested(settings, batches, finished, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
    }

    private int report(Path root, HubSettings settings, List<BatchLedger.Batch> batches, boolean finished) {
        BatchTotals totals = BatchTotals.of(batches);
        boolean writes = com.migrationhub.extruder.DbWritesFlag.of(settings).getAsBoolean();
        StringBuilder human = new StringBuilder(String.format("Extruder ingest over %s%s%n", root,
                writes ? "" : " (database writes off: nothing written to the extruder database)"));
        human.append(String.format("%-32s %-10s %9s %9s %8s %9s%n", "file", "status", "found", "loaded", "rejected", "skipped"));
        for (BatchLedger.Batch b : batches) {
            human.append(String.format("%-32s %-10s %,9d %,9d %,8d %,9d%n", b.source(), b.status(), b.found(), b.loaded(),
                    b.rejected(), b.skipped()));
        }
        human.append(String.format("%-32s %-10s %,9d %,9d %,8d %,9d%n", "total", "", totals.found(), totals.loaded(),
                totals.rejected(), totals.skipped()));
        human.append(String.format("found = loaded + rejected + skipped: %s%n", totals.addsUp() ? "yes" : "NO"));
        human.append("reports: outbox/reports/extruder_ingest_<log>.json; rejects: outbox/dead-letter/extruder/");
        if (!finished) {
            human.append(System.lineSeparator()).append("WARNING: timed out before every file was processed");
        }
        int exit = totals.anyRejected() || !finished ? ExitCodes.REJECTS : ExitCodes.CLEAN;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dir", root.toString());
        result.put("db_writes", writes);
        result.put("files", batches.stream().map(BatchLedger.Batch::toMap).toList());
        result.put("totals", totals.toMap());
        result.put("complete", finished);
        return options.output().print(exit, result, human.toString());
    }

    static int countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> com.migrationhub.core.InboxSweep.readableName(dir, p))
                    .map(p -> p.getFileName().toString()).filter(ExtruderIngestCommand::isCandidate).count();
        }
    }

    /** A file the inbox route takes: not hidden, not still being written. */
    static boolean isCandidate(String name) {
        return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part");
    }
}
