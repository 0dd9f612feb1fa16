package com.migrationhub.cli;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubRuntime;
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

    @Option(names = "--ppak-export-dir", paramLabel = "DIR", description = "where the exports are (default: PPAK_EXPORT_DIR, else inbox/ppak)")
    Path exportDir;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "where outputs go (default: MIGRATION_OUTPUT_DIR, else outbox)")
    Path outputDir;

    @Option(names = "--date-range", paramLabel = "FROM,TO", description = "only exports dated FROM..TO (inclusive), e.g. 2024-01-01,2024-01-31")
    String dateRange;

    @Override
    public Integer call() throws Exception {
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
        HubSettings base = options.settings(flags);
        return run(base, options.json());
    }

    static int run(HubSettings base, boolean json) throws IOException {
        return run(base, (result, human) -> CommandOutput.print(json, result, human));
    }

    /** The same one-shot ETL, its summary handed to {@code output} (full-cycle folds it into its own). */
    static int run(HubSettings base, java.util.function.BiConsumer<Map<String, Object>, String> output) throws IOException {
        Path dir = base.path("hub.ppak.export-dir");
        Path inbox = base.path("hub.inbox").resolve("ppak");
        boolean foreign = !dir.toAbsolutePath().normalize().equals(inbox.toAbsolutePath().normalize());
        if (!Files.isDirectory(dir) && foreign) {
            throw new HubConfigurationException("the PPak export folder " + dir + " does not exist");
        }
        ExportSelection selection = new ExportSelection(base.get("hub.ppak.date-range", ""));
        // A foreign export folder is read, never emptied: its originals are copied to the archive.
        HubSettings settings = base.with(Map.of(
                "hub.ppak.autostart", "false",
                "hub.ppak.keep-originals", Boolean.toString(foreign),
                "hub.ppak.delete-originals", Boolean.toString(!foreign)));
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("ppak"))) {
            long before = lastBatchId(runtime);
            int files = countFiles(dir, selection);
            boolean finished = OneShot.drain(runtime.context(), "ppak-inbox", files,
                    Duration.ofMinutes(settings.getInt("hub.oneshot.timeout-minutes", 360)));
            List<BatchLedger.Batch> batches = newBatches(runtime, before);
            return report(output, dir, settings, batches, finished);
        }
    }

    static int countFiles(Path dir, ExportSelection selection) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(Files::isRegularFile).filter(p -> selection.accepts(p.getFileName().toString())).count();
        }
    }

    static long lastBatchId(HubRuntime runtime) {
        List<BatchLedger.Batch> last = runtime.services().ledger().recent(null, 1);
        return last.isEmpty() ? 0 : last.get(0).id();
    }

    static List<BatchLedger.Batch> newBatches(HubRuntime runtime, long after) {
        List<BatchLedger.Batch> out = new ArrayList<>(runtime.services().ledger().recent("ppak", 100_000).stream()
                .filter(b -> b.id() > after).toList());
        java.util.Collections.reverse(out);
        return out;
    }

    static int report(java.util.function.BiConsumer<Map<String, Object>, String> output, Path dir, HubSettings settings, List<BatchLedger.Batch> batches, boolean finished) {
        long found = 0, loaded = 0, rejected = 0, skipped = 0, rejectedFiles = 0;
        List<Map<String, Object>> files = new ArrayList<>();
        StringBuilder human = new StringBuilder();
        human.append(String.format("PPak ETL over %s%n", dir));
        human.append(String.format("%-44s %-10s %7s %7s %8s %7s%n", "file", "status", "found", "loaded", "rejected", "skipped"));
        for (BatchLedger.Batch b : batches) {
            found += b.found();
            loaded += b.loaded();
            rejected += b.rejected();
            skipped += b.skipped();
            if (BatchLedger.REJECTED_FILE.equals(b.status())) {
                rejectedFiles++;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", b.source());
            f.put("batch", b.id());
            f.put("status", b.status());
            f.put("found", b.found());
            f.put("loaded", b.loaded());
            f.put("rejected", b.rejected());
            f.put("skipped", b.skipped());
            files.add(f);
            human.append(String.format("%-44s %-10s %7d %7d %8d %7d%n", b.source(), b.status(), b.found(), b.loaded(),
                    b.rejected(), b.skipped()));
        }
        human.append(String.format("%-44s %-10s %7d %7d %8d %7d%n", "total", "", found, loaded, rejected, skipped));
        human.append(String.format("found = loaded + rejected + skipped: %s%n", found == loaded + rejected + skipped ? "yes" : "NO"));
        human.append("outputs: ").append(settings.get("hub.outbox")).append(" (canonical/, reports/, dead-letter/ppak/)");
        if (!finished) {
            human.append(System.lineSeparator()).append("WARNING: timed out before every file was processed");
        }
        int exit = rejected > 0 || rejectedFiles > 0 || !finished ? ExitCodes.REJECTS : ExitCodes.CLEAN;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", "ppak-etl");
        result.put("export_dir", dir.toString());
        result.put("output_dir", settings.get("hub.outbox"));
        result.put("files", files);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("found", found);
        totals.put("loaded", loaded);
        totals.put("rejected", rejected);
        totals.put("skipped", skipped);
        totals.put("rejected_files", rejectedFiles);
        result.put("totals", totals);
        result.put("finished", finished);
        result.put("exit_code", exit);
        output.accept(result, human.toString());
        return exit;
    }
}
