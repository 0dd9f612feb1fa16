package com.migrationhub.innergy;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The INNERGY reports in {@code outbox/reports/}: one JSON and one Markdown file each, written atomically. */
final class InnergyReports {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss_SSS'Z'").withZone(ZoneOffset.UTC);

    private InnergyReports() {
    }

    static String stamp(Instant at) {
        return STAMP.format(at);
    }

    /** Writes {@code <name>.json} and {@code <name>.md}; returns the JSON file. */
    static Path write(HubHome home, String name, Map<String, Object> report, String markdown) {
        Path json = AtomicFiles.writeString(home.reports().resolve(name + ".json"), Json.pretty(report));
        AtomicFiles.writeString(home.reports().resolve(name + ".md"), markdown);
        return json;
    }

    @SuppressWarnings("unchecked")
    static String importMarkdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("# INNERGY project import (").append(r.get("mode")).append(")\n\n");
        md.append("Source: ").append(cell(r.get("source"))).append(" → ").append(cell(r.get("innergy"))).append("  \n");
        md.append("Started ").append(r.get("started")).append(", ").append(r.get("duration_ms")).append(" ms, ")
                .append(r.get("requests_sent")).append(" requests sent");
        if ("dry-run".equals(r.get("mode"))) {
            md.append(", ").append(r.get("requests_planned")).append(" writes planned in ").append(cell(r.get("plan_file")));
        }
        md.append(".\n\n");
        if (r.get("aborted_by") != null) {
            md.append("**Stopped early:** ").append(cell(r.get("aborted_by"))).append("\n\n");
        }
        md.append("| | created | updated | unchanged | failed |\n|---|---:|---:|---:|---:|\n");
        for (String k : List.of("projects", "work_orders")) {
            Map<String, Object> c = (Map<String, Object>) r.get(k);
            md.append("| ").append(k.replace('_', ' ')).append(" | ").append(c.get("created")).append(" | ")
                    .append(c.get("updated")).append(" | ").append(c.get("unchanged")).append(" | ").append(c.get("failed")).append(" |\n");
        }
        md.append("\n## Failures\n\n");
        List<Map<String, Object>> failures = (List<Map<String, Object>>) r.get("failures");
        if (failures.isEmpty()) {
            md.append("None.\n");
        }
        for (Map<String, Object> f : failures) {
            md.append("- ").append(f.get("entity")).append(" ").append(cell(f.get("key"))).append(": ")
                    .append(cell(f.get("reason"))).append("\n");
        }
        return md.toString();
    }

    static String cell(Object value) {
        return com.migrationhub.core.Escaping.markdownCell(value);
    }
}
