package com.migrationhub.innergy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one material sync did (or, in a dry run, planned). {@link #asMap()} is its JSON form: the keys of
 * {@code outbox/reports/material_sync_*.json} and of the sync-materials answer.
 */
public record MaterialSyncReport(boolean live, Path master, String innergy, boolean online, Instant started,
                                 long durationMs, int masterRows, int innergyMaterials, List<Created> created,
                                 List<Updated> updated, List<Deactivated> deactivated, List<String> unchanged,
                                 List<String> inactiveNotInInnergy, List<Unmanaged> unmanaged, List<Failure> failed,
                                 long requestsSent, int requestsPlanned, Path planFile, Long batchId, Path reportFile) {

    static final String INACTIVE_IN_MASTER = "inactive in the master";
    static final String NOT_IN_MASTER = "not in the master (--deactivate-missing)";

    public record Created(String sku, String name) {
    }

    /** A field INNERGY holds differently from the master. */
    public record Difference(String field, Object innergy, Object master) {
    }

    public record Updated(String sku, List<Difference> differences) {
    }

    public record Deactivated(String sku, String reason) {
    }

    /** In INNERGY, not in the master; deactivated only with --deactivate-missing. */
    public record Unmanaged(String sku, String name, String status, boolean deactivated) {
    }

    public record Failure(String sku, long line, String reason) {
    }

    public String mode() {
        return live ? "live" : "dry-run";
    }

    public long inactive() {
        return deactivated.stream().filter(d -> INACTIVE_IN_MASTER.equals(d.reason())).count();
    }

    public long deactivatedMissing() {
        return deactivated.size() - inactive();
    }

    MaterialSyncReport withReportFile(Path file) {
        return new MaterialSyncReport(live, master, innergy, online, started, durationMs, masterRows, innergyMaterials,
                created, updated, deactivated, unchanged, inactiveNotInInnergy, unmanaged, failed, requestsSent,
                requestsPlanned, planFile, batchId, file);
    }

    public Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("new", created.size());
        counts.put("updated", updated.size());
        counts.put("inactive", inactive());
        counts.put("unchanged", unchanged.size() + inactiveNotInInnergy.size());
        counts.put("failed", failed.size());
        counts.put("unmanaged", unmanaged.size());
        counts.put("deactivated_missing", deactivatedMissing());
        return counts;
    }

    /** The JSON form; {@code batch_id} only for a live run, {@code report} once the report is written. */
    public Map<String, Object> asMap() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "sync-materials");
        report.put("mode", mode());
        report.put("master", master.toString());
        report.put("innergy", innergy);
        report.put("online", online);
        report.put("started", started.toString());
        report.put("duration_ms", durationMs);
        report.put("master_rows", masterRows);
        report.put("innergy_materials", innergyMaterials);
        report.put("counts", counts());
        report.put("new", maps(created, c -> Map.of("sku", c.sku(), "name", c.name())));
        report.put("updated", maps(updated, u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sku", u.sku());
            m.put("differences", maps(u.differences(), d -> {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("field", d.field());
                dm.put("innergy", d.innergy());
                dm.put("master", d.master());
                return dm;
            }));
            return m;
        }));
        report.put("deactivated", maps(deactivated, d -> Map.of("sku", d.sku(), "reason", d.reason())));
        report.put("unchanged", unchanged);
        report.put("inactive_not_in_innergy", inactiveNotInInnergy);
        report.put("unmanaged", maps(unmanaged, u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sku", u.sku());
            m.put("name", u.name());
            m.put("status", u.status());
            if (u.deactivated()) {
                m.put("deactivated", true);
            }
            return m;
        }));
        report.put("failed", maps(failed, f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sku", f.sku());
            m.put("line", f.line());
            m.put("reason", f.reason());
            return m;
        }));
        report.put("requests_sent", requestsSent);
        report.put("requests_planned", requestsPlanned);
        report.put("plan_file", planFile == null ? null : planFile.toString());
        if (batchId != null) {
            report.put("batch_id", batchId);
        }
        if (reportFile != null) {
            report.put("report", reportFile.toString());
        }
        return report;
    }

    private static <T> List<Map<String, Object>> maps(List<T> items, java.util.function.Function<T, Map<String, Object>> toMap) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(toMap.apply(i)));
        return out;
    }

    /** The Markdown beside the JSON report. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# INNERGY material sync (").append(mode()).append(")\n\n");
        md.append("Master ").append(InnergyReports.cell(master.toString())).append(" (").append(masterRows)
                .append(" rows) against ").append(InnergyReports.cell(innergy)).append(" (")
                .append(innergyMaterials).append(" materials), ").append(started).append(".\n\n");
        Map<String, Object> c = counts();
        md.append("| new | updated | inactive | unchanged | failed | unmanaged |\n|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(c.get("new")).append(" | ").append(c.get("updated")).append(" | ").append(c.get("inactive"))
                .append(" | ").append(c.get("unchanged")).append(" | ").append(c.get("failed")).append(" | ")
                .append(c.get("unmanaged")).append(" |\n\n## Updated (field differences)\n\n");
        if (updated.isEmpty()) {
            md.append("None.\n");
        }
        for (Updated u : updated) {
            md.append("- **").append(InnergyReports.cell(u.sku())).append("**\n");
            for (Difference d : u.differences()) {
                md.append("  - ").append(d.field()).append(": INNERGY `").append(InnergyReports.cell(d.innergy()))
                        .append("` → master `").append(InnergyReports.cell(d.master())).append("`\n");
            }
        }
        section(md, "New", created, c2 -> java.util.Arrays.asList(c2.sku()));
        section(md, "Deactivated", deactivated, d -> java.util.Arrays.asList(d.sku(), d.reason()));
        section(md, "Unmanaged (in INNERGY, not in the master)", unmanaged, u -> java.util.Arrays.asList(u.sku(), u.status()));
        section(md, "Failed", failed, f -> java.util.Arrays.asList(f.sku(), f.reason()));
        return md.toString();
    }

    private static <T> void section(StringBuilder md, String title, List<T> items,
                                    java.util.function.Function<T, List<?>> fields) {
        md.append("\n## ").append(title).append("\n\n");
        if (items.isEmpty()) {
            md.append("None.\n");
        }
        for (T i : items) {
            md.append("-");
            for (Object f : fields.apply(i)) {
                md.append(" ").append(InnergyReports.cell(f));
            }
            md.append("\n");
        }
    }
}
