package com.migrationhub.extruder;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code outbox/reports/extruder_parity_<timestamp>.md} and {@code .json}: every run's verdict, and each difference. */
public final class ParityReport {

    /** The {@code <timestamp>} in report and backup names: {@code 20251201T183000Z}. */
    public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path reports;

    public ParityReport(Path reports) {
        this.reports = reports;
    }

    public List<Path> write(List<ParityCheck.RunParity> runs) {
        Instant now = Instant.now();
        String stem = "extruder_parity_" + STAMP.format(now);
        long mismatched = runs.stream().filter(ParityCheck.RunParity::mismatch).count();
        long unchecked = runs.stream().filter(r -> r.unchecked() != null).count();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checked", now.toString());
        json.put("runs", runs.size());
        json.put("matching", runs.size() - mismatched - unchecked);
        json.put("mismatched", mismatched);
        json.put("unchecked", unchecked);
        json.put("match", mismatched == 0);
        json.put("results", runs.stream().map(ParityCheck.RunParity::toMap).toList());
        StringBuilder md = new StringBuilder("# Extruder parity: CSV logs against the database\n\n");
        md.append("Checked ").append(now).append(": ").append(runs.size()).append(" runs, ").append(mismatched)
                .append(mismatched == 1 ? " mismatch" : " mismatches")
                .append(unchecked == 0 ? "" : ", " + unchecked + " unchecked (their log changed under the hub)").append(".\n\n");
        md.append("| run | log | CSV lines | stored | matched | rejected (dead letter) | differences | verdict |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (ParityCheck.RunParity r : runs) {
            md.append(String.format("| %d | %s | %,d | %,d | %,d | %,d | %,d | %s |%n", r.runId(), r.sourceFile(), r.csvLines(),
                    r.stored(), r.matched(), r.rejected(), r.differences(), r.match() ? "match"
                    : r.unchecked() != null ? "unchecked: " + r.unchecked() : "**MISMATCH**"));
        }
        for (ParityCheck.RunParity r : runs) {
            if (!r.listed().isEmpty()) {
                md.append("\n## Run ").append(r.runId()).append(" (").append(r.sourceFile()).append(")\n\n");
                r.listed().forEach(d -> md.append("- ").append(d).append('\n'));
                if (r.differences() > r.listed().size()) {
                    md.append("- … and ").append(r.differences() - r.listed().size()).append(" more\n");
                }
            }
        }
        return List.of(AtomicFiles.writeString(reports.resolve(stem + ".json"), Json.pretty(json)),
                AtomicFiles.writeString(reports.resolve(stem + ".md"), md.toString()));
    }
}
