package com.migrationhub.cli;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchTotals;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.OneShot;
import com.migrationhub.ppak.ExportSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hub ppak-etl}: the PPak routes, once, over the export files present. */
@Command(name = "ppak-etl", description = "One-shot PPak -> canonical over the export files present.")
public final class PpakEtlCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Mixin
    Exports exports;

    /** Which exports and where the outputs go: ppak-etl's flags, which full-cycle takes too. */
    static final class Exports {
        @Option(names = "--ppak-export-dir", paramLabel = "DIR", description = "where the exports are (default: PPAK_EXPORT_DIR, else inbox/ppak)")
        Path exportDir;

        @Option(names = "--output-dir", paramLabel = "DIR", description = "where outputs go (default: MIGRATION_OUTPUT_DIR, else outbox)")
        Path outputDir;

        @Option(names = "--date-range", paramLabel = "FROM,TO", description = "only exports dated FROM..TO (inclusive), e.g. 2024-01-01,2024-01-31")
        String dateRange;

        /** The settings these flags override. */
        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            if (exportDir != null) {
                flags.put("hub.ppak.export-dir", exportDir.toAbsolutePath().toString());
            }
            if (outputDir != null) {
                flags.put("hub.outbox", outputDir.toAbsolutePath().toString());
            }
            if (dateRange != null) {
                flags.put("hub.ppak.date-range", dateRange);
            }
            return flags;
        }
    }

    @Override
    public Integer call() throws Exception {
        return options.output().print(run(options.settings(exports.flags()), !options.json()));
    }

    /**
     * The one-shot ETL, also the first step of {@code full-cycle}: exit 1 when a row or file was rejected. Progress
     * goes to stderr when {@code showProgress} (never with --json, nor inside full-cycle).
     */
    static Outcome run(HubSettings base, boolean showProgress) throws IOException {
        Path dir = base.path("hub.ppak.export-dir");
        Path inbox = base.path("hub.inbox").resolve("ppak");
        boolean foreign = !dir.toAbsolutePath().normalize().equals(inbox.toAbsolutePath().normalize());
        if (!Files.isDirectory(dir) && foreign) {
            throw new HubConfigurationException("the PPak export folder " + dir + " does not exist");
        }
        ExportSelection selection = new ExportSelection(base.get("hub.ppak.date-range", ""));
        // A foreign export folder is read, never emptied: its originals are copied to the archive. The files
        // are already there, so the consumer polls at once and re-checks them for stability every 50 ms (a
        // file still being written still waits until it is hub.inbox.min-age-ms old).
        HubSettings settings = base.with(Map.of(
                "hub.ppak.autostart", "false",
                "hub.ppak.initial-delay-ms", "0",
                "hub.inbox.check-interval-ms", "50",
                "hub.ppak.keep-originals", Boolean.toString(foreign),
                "hub.ppak.delete-originals", Boolean.toString(!foreign)));
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("ppak"))) {
            long before = lastBatchId(runtime);
            int files = countFiles(dir, selection);
            boolean finished;
            runtime.services().core().progress().expectBytes(ProgressDisplay.bytesOf(dir, selection::accepts));
            try (ProgressDisplay progress = ProgressDisplay.start("ppak-etl", runtime.services().core().progress(),
                    !showProgress, settings)) {
                finished = OneShot.drain(runtime.context(), "ppak-inbox", files,
                        Duration.ofMinutes(settings.getInt("hub.oneshot.timeout-minutes", 120)));
            }
            List<BatchLedger.Batch> batches = newBatches(runtime, before);
            return report(dir, settings, batches, finished);
        }
    }

    static int countFiles(Path dir, ExportSelection selection) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            // a name the consumer cannot read is dead-lettered by the sweep, never taken: not waited for
            return (int) s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> com.migrationhub.core.InboxSweep.readableName(dir, p))
                    .filter(p -> selection.accepts(p.getFileName().toString())).count();
        }
    }

    static long lastBatchId(HubRuntime runtime) {
        List<BatchLedger.Batch> last = runtime.services().ledger().recent(null, 1);
        return last.isEmpty() ? 0 : last.get(0).id();
    }

    static List<BatchLedger.Batch> newBatches(HubRuntime runtime, long after) {
        return newBatches(runtime, "ppak", after);
    }

    /** The batches of a flow opened after batch {@code after}, oldest first: what a one-shot command did. */
    static List<BatchLedger.Batch> newBatches(HubRuntime runtime, String flow, long after) {
        List<BatchLedger.Batch> out = new ArrayList<>(runtime.services().ledger().recent(flow, 100_000).stream()
                .filter(b -> b.id() > after).toList());
        java.util.Collections.reverse(out);
        return out;
    }

    static Outcome report(Path dir, HubSettings settings, List<BatchLedger.Batch> batches, boolean finished) {
        BatchTotals totals = BatchTotals.of(batches);
        StringBuilder human = new StringBuilder();
        human.append(String.format("PPak ETL over %s%n", dir));
        human.append(String.format("%-44s %-10s %7s %7s %8s %7s%n", "file", "status", "found", "loaded", "rejected", "skipped"));
        for (BatchLedger.Batch b : batches) {
            human.append(String.format("%-44s %-10s %7d %7d %8d %7d%n", b.source(), b.status(), b.found(), b.loaded(),
                    b.rejected(), b.skipped()));
        }
        human.append(String.format("%-44s %-10s %7d %7d %8d %7d%n", "total", "", totals.found(), totals.loaded(),
                totals.rejected(), totals.skipped()));
        human.append(String.format("found = loaded + rejected + skipped: %s%n", totals.addsUp() ? "yes" : "NO"));
        human.append("outputs: ").append(settings.get("hub.outbox")).append(" (canonical/, reports/, dead-letter/ppak/)");
        if (!finished) {
            human.append(System.lineSeparator()).append("WARNING: timed out before every file was processed");
        }
        int exit = totals.anyRejected() || !finished ? ExitCodes.REJECTS : ExitCodes.CLEAN;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("export_dir", dir.toString());
        result.put("output_dir", settings.get("hub.outbox"));
        result.put("files", batches.stream().map(BatchLedger.Batch::toMap).toList());
        result.put("totals", totals.toMap());
        result.put("complete", finished);
        return new Outcome(exit, result, human.toString());
    }
}
