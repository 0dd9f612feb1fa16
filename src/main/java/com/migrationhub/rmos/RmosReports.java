package com.migrationhub.rmos;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RMOS reports in {@code outbox/reports/}: {@code rmos_migration_<ts>.json/.html/.txt} from migration
 * stats and {@code rmos_audit_<ts>.json/.txt} from an audit. Written atomically; the HTML is escaped.
 */
public final class RmosReports {

    public static final List<String> FORMATS = List.of("json", "html", "txt");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS").withZone(ZoneOffset.UTC);

    private final Path folder;

    public RmosReports(Path folder) {
        this.folder = folder;
    }

    /**
     * The migration report's content: timestamp, summary (totals and success rate), entities, success.
     * {@code stats} is {@code {entity: {found, migrated, skipped, failed}}} (updated optional).
     */
    public static Map<String, Object> migrationReport(Map<String, Map<String, Long>> stats, Instant at) {
        long found = 0, migrated = 0, skipped = 0, failed = 0;
        for (Map<String, Long> s : stats.values()) {
            found += s.getOrDefault("found", 0L);
            migrated += s.getOrDefault("migrated", 0L);
            skipped += s.getOrDefault("skipped", 0L);
            failed += s.getOrDefault("failed", 0L);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_found", found);
        summary.put("total_migrated", migrated);
        summary.put("total_skipped", skipped);
        summary.put("total_failed", failed);
        // Skipped documents are already in the database: they count as success, like migrated ones.
        summary.put("success_rate", found == 0 ? 100.0 : Math.round((migrated + skipped) * 10000.0 / found) / 100.0);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("timestamp", at.toString());
        report.put("summary", summary);
        report.put("entities", stats);
        report.put("success", failed == 0);
        return report;
    }

    /** Writes the migration report in the given formats; returns the files. */
    public List<Path> writeMigration(Map<String, Map<String, Long>> stats, List<String> formats) {
        Instant at = Instant.now();
        Map<String, Object> report = migrationReport(stats, at);
        String base = "rmos_migration_" + STAMP.format(at);
        List<Path> written = new ArrayList<>();
        for (String format : formats) {
            Path target = folder.resolve(base + "." + format);
            String content = switch (format) {
                case "json" -> Json.pretty(report);
                case "html" -> html(report, stats);
                case "txt" -> text(report, stats);
                default -> throw new IllegalArgumentException("unknown report format " + format + " (json, html or txt)");
            };
            written.add(AtomicFiles.writeString(target, content));
        }
        return written;
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> report, Map<String, Map<String, Long>> stats) {
        Map<String, Object> s = (Map<String, Object>) report.get("summary");
        StringBuilder out = new StringBuilder();
        out.append("RMOS migration report").append('\n');
        out.append("generated: ").append(report.get("timestamp")).append('\n').append('\n');
        out.append(String.format("%-16s %8s %9s %8s %8s%n", "entity", "found", "migrated", "skipped", "failed"));
        stats.forEach((entity, c) -> out.append(String.format("%-16s %8d %9d %8d %8d%n", entity, c.getOrDefault("found", 0L),
                c.getOrDefault("migrated", 0L), c.getOrDefault("skipped", 0L), c.getOrDefault("failed", 0L))));
        out.append(String.format("%-16s %8d %9d %8d %8d%n", "total", s.get("total_found"), s.get("total_migrated"),
                s.get("total_skipped"), s.get("total_failed")));
        out.append('\n').append("success rate: ").append(s.get("success_rate")).append(" %").append('\n');
        out.append("result: ").append(Boolean.TRUE.equals(report.get("success")) ? "SUCCESS" : "FAILURES (see dead letters)").append('\n');
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static String html(Map<String, Object> report, Map<String, Map<String, Long>> stats) {
        Map<String, Object> s = (Map<String, Object>) report.get("summary");
        boolean ok = Boolean.TRUE.equals(report.get("success"));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>RMOS migration report</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #ccc;border-radius:8px;padding:1rem;min-width:14rem}")
                .append(".ok{color:#17663a}.bad{color:#a4161a}table{border-collapse:collapse}td,th{padding:.2rem .8rem;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}</style></head><body>\n");
        h.append("<h1>RMOS migration report</h1>\n<p>Generated ").append(esc(report.get("timestamp"))).append("</p>\n");
        h.append("<h2>Summary</h2>\n<p class=\"").append(ok ? "ok" : "bad").append("\">")
                .append(ok ? "Success: nothing failed." : "Some documents failed: see the dead letters.").append("</p>\n");
        h.append("<table><tr><th>found</th><th>migrated</th><th>skipped</th><th>failed</th><th>success rate</th></tr><tr>")
                .append("<td>").append(esc(s.get("total_found"))).append("</td><td>").append(esc(s.get("total_migrated")))
                .append("</td><td>").append(esc(s.get("total_skipped"))).append("</td><td>").append(esc(s.get("total_failed")))
                .append("</td><td>").append(esc(s.get("success_rate"))).append(" %</td></tr></table>\n");
        h.append("<h2>Entities</h2>\n<div class=\"cards\">\n");
        stats.forEach((entity, c) -> {
            h.append("<div class=\"card\"><h3>").append(esc(entity)).append("</h3><table>");
            c.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>"));
            h.append("</table></div>\n");
        });
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    static String esc(Object value) {
        return com.migrationhub.core.Escaping.html(value);
    }

    /** Writes {@code rmos_audit_<ts>.json} and {@code .txt}; returns them. */
    public List<Path> writeAudit(RmosAudit.Result result) {
        String base = "rmos_audit_" + STAMP.format(Instant.now());
        Map<String, Object> json = auditJson(result);
        Path j = AtomicFiles.writeString(folder.resolve(base + ".json"), Json.pretty(json));
        Path t = AtomicFiles.writeString(folder.resolve(base + ".txt"), auditText(result));
        return List.of(j, t);
    }

    public static Map<String, Object> auditJson(RmosAudit.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", r.timestamp());
        m.put("database", r.database());
        m.put("schema_version", r.schemaVersion());
        m.put("passed", r.passed());
        m.put("checks", r.checks());
        m.put("rows", r.rows());
        m.put("error_count", r.errorCount());
        m.put("errors", numbered(r.errors()));
        m.put("warning_count", r.warningCount());
        m.put("warnings", numbered(r.warnings()));
        return m;
    }

    private static List<Map<String, Object>> numbered(List<String> messages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", i + 1);
            m.put("message", messages.get(i));
            out.add(m);
        }
        return out;
    }

    public static String auditText(RmosAudit.Result r) {
        StringBuilder out = new StringBuilder();
        out.append("RMOS database audit: ").append(r.passed() ? "PASSED" : "FAILED").append('\n');
        out.append("database: ").append(r.database()).append('\n');
        out.append("schema version: ").append(r.schemaVersion()).append('\n');
        out.append("rows: ").append(r.rows()).append('\n');
        out.append("checks: ").append(r.checks()).append('\n');
        out.append('\n').append("errors (").append(r.errorCount()).append("):").append('\n');
        for (int i = 0; i < r.errors().size(); i++) {
            out.append(String.format("  E%d. %s%n", i + 1, r.errors().get(i)));
        }
        out.append("warnings (").append(r.warningCount()).append("):").append('\n');
        for (int i = 0; i < r.warnings().size(); i++) {
            out.append(String.format("  W%d. %s%n", i + 1, r.warnings().get(i)));
        }
        return out.toString();
    }
}
