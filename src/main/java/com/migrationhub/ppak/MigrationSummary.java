package com.migrationhub.ppak;

import com.migrationhub.core.Flow;
import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchTotals;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import com.migrationhub.core.UnmappedValues;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code migration_summary_YYYY-MM-DD.md/.json}: every PPak batch of one export date, with found /
 * loaded / rejected / skipped per file, the reject reasons, unmapped values and warnings. Built from
 * the ledger alone, so it says exactly what the database says.
 */
public final class MigrationSummary {

    private static final int MAX_LISTED_REJECTS = 500;

    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final HubHome home;

    public MigrationSummary(BatchLedger ledger, DeadLetters deadLetters, HubHome home) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.home = home;
    }

    private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The export date a batch's source names (a replay names its original file), else the day it ran. */
    static LocalDate reportDate(String source, String started) {
        java.util.regex.Matcher m = DATE.matcher(source);
        while (m.find()) {
            try {
                return LocalDate.parse(m.group());
            } catch (java.time.format.DateTimeParseException e) {
                // not a real date: keep looking
            }
        }
        return Instant.parse(started).atZone(ZoneId.systemDefault()).toLocalDate();
    }

    /** Rewrites the summary of the export date the source belongs to; returns the JSON report. */
    public Path write(String source) {
        LocalDate date = reportDate(source, Instant.now().toString());
        Map<String, Object> report = build(date);
        Path json = home.reports().resolve("migration_summary_" + date + ".json");
        AtomicFiles.writeString(json, Json.pretty(report));
        AtomicFiles.writeString(home.reports().resolve("migration_summary_" + date + ".md"), markdown(report));
        return json;
    }

    Map<String, Object> build(LocalDate date) {
        List<Map<String, Object>> files = new ArrayList<>();
        UnmappedValues unmapped = new UnmappedValues();
        List<String> warnings = new ArrayList<>();
        List<Map<String, Object>> rejects = new ArrayList<>();
        List<BatchLedger.Batch> included = new ArrayList<>();
        List<BatchLedger.Batch> batches = new ArrayList<>(ledger.recent(Flow.PPAK.id(), 100_000));
        java.util.Collections.reverse(batches);
        for (BatchLedger.Batch b : batches) {
            if (BatchLedger.ABANDONED.equals(b.status()) || BatchLedger.RUNNING.equals(b.status())
                    || !reportDate(b.source(), b.started()).equals(date)) {
                continue;
            }
            JsonNode details = b.details() == null ? Json.mapper().createObjectNode() : CanonicalStore.readTree(b.details());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", b.source());
            f.put("batch", b.id());
            f.put("status", b.status());
            f.put("found", b.found());
            f.put("loaded", b.loaded());
            f.put("updated", details.path("updated").asLong(0));
            f.put("rejected", b.rejected());
            f.put("skipped", b.skipped());
            f.put("counts_add_up", b.found() == b.loaded() + b.rejected() + b.skipped());
            if (details.has("reason")) {
                f.put("reason", details.get("reason").asText());
            }
            if (details.has("duplicate_of")) {
                f.put("duplicate_of_batch", details.get("duplicate_of").asLong());
            }
            files.add(f);
            if (BatchLedger.ROLLED_BACK.equals(b.status())) {
                continue; // listed as rolled back, but none of its rows is in the store any more
            }
            included.add(b);
            unmapped.addFrom(details);
            details.path("warnings").forEach(w -> warnings.add(w.asText()));
            for (DeadLetter d : deadLetters.ofBatch(b.id())) {
                if (rejects.size() < MAX_LISTED_REJECTS) {
                    rejects.add(d.toMap());
                }
            }
        }
        Map<String, Object> totals = BatchTotals.of(included).toMap();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("export_date", date.toString());
        report.put("generated", Instant.now().toString());
        report.put("files", files);
        report.put("totals", totals);
        report.put("unmapped_values", unmapped.toMap());
        report.put("warnings", warnings);
        report.put("rejects", rejects);
        return report;
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> report) {
        StringBuilder md = new StringBuilder();
        md.append("# PPak migration summary — export ").append(report.get("export_date")).append("\n\n");
        md.append("Generated ").append(report.get("generated")).append(".\n\n");
        md.append("| file | batch | status | found | loaded | updated | rejected | skipped |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> f : (List<Map<String, Object>>) report.get("files")) {
            md.append("| ").append(cell(f.get("file"))).append(" | ").append(f.get("batch")).append(" | ")
                    .append(f.get("status")).append(f.containsKey("reason") ? ": " + cell(f.get("reason")) : "")
                    .append(" | ").append(f.get("found")).append(" | ").append(f.get("loaded")).append(" | ")
                    .append(f.get("updated")).append(" | ").append(f.get("rejected")).append(" | ")
                    .append(f.get("skipped")).append(" |\n");
        }
        Map<String, Object> t = (Map<String, Object>) report.get("totals");
        md.append("| **total** | | | ").append(t.get("found")).append(" | ").append(t.get("loaded")).append(" | | ")
                .append(t.get("rejected")).append(" | ").append(t.get("skipped")).append(" |\n\n");
        md.append("found = loaded + rejected + skipped: **").append(Boolean.TRUE.equals(t.get("counts_add_up")) ? "yes" : "NO")
                .append("**\n\n## Rejected rows\n\n");
        List<Map<String, Object>> rejects = (List<Map<String, Object>>) report.get("rejects");
        if (rejects.isEmpty()) {
            md.append("None.\n");
        }
        for (Map<String, Object> r : rejects) {
            md.append("- ").append(cell(r.get("source_file"))).append(r.get("line") == null ? "" : " line " + r.get("line"))
                    .append(": ").append(cell(r.get("reason")))
                    .append(r.get("replayed") != null ? " (replayed, now loaded)" : "").append("\n");
        }
        md.append("\n## Unmapped values\n\n");
        Map<String, List<String>> unmapped = (Map<String, List<String>>) report.get("unmapped_values");
        if (unmapped.isEmpty()) {
            md.append("None.\n");
        }
        unmapped.forEach((k, v) -> md.append("- ").append(k).append(": ").append(cell(String.join(", ", v))).append("\n"));
        md.append("\n## Warnings\n\n");
        List<String> warnings = (List<String>) report.get("warnings");
        if (warnings.isEmpty()) {
            md.append("None.\n");
        }
        warnings.forEach(w -> md.append("- ").append(cell(w)).append("\n"));
        return md.toString();
    }

    private static String cell(Object value) {
        return com.migrationhub.core.Escaping.markdownCell(value);
    }
}
