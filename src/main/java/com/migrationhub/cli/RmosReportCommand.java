package com.migrationhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.Json;
import com.migrationhub.rmos.RmosReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hub rmos-report STATS.json}: the migration report from a stats file — the
 * {@code {entity: {found, migrated, skipped, failed}}} map itself, {@code rmos-migrate --json} output
 * (its {@code stats}) or an earlier {@code rmos_migration_*.json} (its {@code entities}).
 */
@Command(name = "rmos-report", mixinStandardHelpOptions = true, description = "Write the RMOS migration report (json, html, txt) from a stats file.")
public final class RmosReportCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Parameters(index = "0", paramLabel = "STATS.json", description = "migration stats")
    Path statsFile;

    @Option(names = "--format", paramLabel = "json,html,txt", split = ",", description = "formats to write (default: all three)")
    List<String> formats;

    @Override
    public Integer call() {
        HubSettings settings = options.settings(Map.of());
        List<String> wanted = formats == null || formats.isEmpty() ? RmosReports.FORMATS : formats.stream().map(String::strip).toList();
        for (String f : wanted) {
            if (!RmosReports.FORMATS.contains(f)) {
                throw new HubConfigurationException("unknown format '" + f + "' (json, html or txt)");
            }
        }
        Map<String, Map<String, Long>> stats = readStats(statsFile);
        List<Path> files = new RmosReports(settings.home().reports()).writeMigration(stats, wanted);
        Map<String, Object> report = RmosReports.migrationReport(stats, java.time.Instant.now());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("summary", report.get("summary"));
        json.put("success", report.get("success"));
        return options.output().print(ExitCodes.CLEAN, json, "RMOS migration report: " + report.get("summary")
                + System.lineSeparator() + "written: " + String.join(", ", files.stream().map(Path::toString).toList()));
    }

    static Map<String, Map<String, Long>> readStats(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new HubConfigurationException("cannot read the stats file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new HubConfigurationException(file + " is not a JSON object of migration stats");
        }
        JsonNode stats = root.has("entities") ? root.get("entities") : root.has("stats") ? root.get("stats") : root;
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stats.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                problems.add(e.getKey() + " is not an object of counts");
                continue;
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String key : List.of("found", "migrated", "updated", "skipped", "failed")) {
                JsonNode v = e.getValue().get(key);
                if (v == null) {
                    if (!key.equals("updated")) {
                        problems.add(e.getKey() + "." + key + " is missing");
                    }
                } else if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                    problems.add(e.getKey() + "." + key + " must be a whole number >= 0");
                } else {
                    counts.put(key, v.asLong());
                }
            }
            out.put(e.getKey(), counts);
        }
        if (out.isEmpty()) {
            problems.add("no entities");
        }
        if (!problems.isEmpty()) {
            throw new HubConfigurationException(file + " is not migration stats: " + String.join("; ", problems));
        }
        return out;
    }
}
