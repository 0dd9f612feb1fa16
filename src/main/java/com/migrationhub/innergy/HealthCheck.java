package com.migrationhub.innergy;

import com.migrationhub.core.Flow;
import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import com.migrationhub.core.UnmappedValues;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalWorkOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The migration health report: projects INNERGY does not have yet (no innergy_id, or an id INNERGY
 * no longer knows), materials referenced by work orders or the canonical store that INNERGY lacks,
 * unmapped status / phase / material values, data-quality findings and the dead-letter backlog.
 * {@code overall_health} is errors (something is not in INNERGY, or INNERGY refused records),
 * warnings (gaps to look at) or healthy.
 */
public final class HealthCheck {

    public static final String HEALTHY = "healthy";
    public static final String WARNINGS = "warnings";
    public static final String ERRORS = "errors";

    private final InnergyServices innergy;
    private final CanonicalReader reader;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final HubHome home;

    public HealthCheck(InnergyServices innergy, CanonicalReader reader, BatchLedger ledger, DeadLetters deadLetters, HubHome home) {
        this.innergy = innergy;
        this.reader = reader;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.home = home;
    }

    public Map<String, Object> check(Path canonicalFile) {
        InnergyClient client = innergy.client();
        Set<String> innergyProjectIds = new HashSet<>();
        for (Project p : client.projects()) {
            innergyProjectIds.add(p.id());
        }
        Map<String, Material> innergyMaterials = new LinkedHashMap<>();
        for (Material m : client.materials(null)) {
            innergyMaterials.put(m.sku(), m);
        }

        List<CanonicalReader.Linked<CanonicalProject>> projects = reader.projects(canonicalFile);
        List<String> notInInnergy = new ArrayList<>();
        List<Map<String, Object>> goneFromInnergy = new ArrayList<>();
        List<Map<String, Object>> quality = new ArrayList<>();
        for (CanonicalReader.Linked<CanonicalProject> l : projects) {
            CanonicalProject p = l.record();
            if (l.innergyId() == null) {
                notInInnergy.add(p.projectNumber());
            } else if (!innergyProjectIds.contains(l.innergyId())) {
                goneFromInnergy.add(Map.of("project", p.projectNumber(), "innergy_id", l.innergyId()));
            }
            projectQuality(p, quality);
        }

        Map<String, Set<String>> referencedBy = new TreeMap<>();
        for (CanonicalReader.Linked<CanonicalWorkOrder> l : reader.workOrders(canonicalFile)) {
            CanonicalWorkOrder w = l.record();
            if (w.materials() != null) {
                for (CanonicalWorkOrder.MaterialLine line : w.materials()) {
                    referencedBy.computeIfAbsent(line.sku(), k -> new TreeSet<>()).add("work order " + w.workOrderNumber());
                }
            }
            if (w.sellPrice() == null) {
                quality.add(finding("work order", w.workOrderNumber(), "no sell price"));
            }
        }
        UnmappedValues unmapped = new UnmappedValues();
        for (CanonicalReader.Linked<CanonicalMaterial> l : reader.materials()) {
            CanonicalMaterial m = l.record();
            if (m.active()) {
                referencedBy.computeIfAbsent(m.sku(), k -> new TreeSet<>()).add("PPak materials export");
            }
            if (!m.mapped()) {
                unmapped.add("material", m.ppakCode());
            }
            if (m.unitCost() == null || m.unitCost().signum() == 0) {
                quality.add(finding("material", m.sku(), "no unit cost"));
            }
        }
        List<Map<String, Object>> missingMaterials = new ArrayList<>();
        referencedBy.forEach((sku, where) -> {
            Material m = innergyMaterials.get(sku);
            if (m == null) {
                missingMaterials.add(Map.of("sku", sku, "referenced_by", List.copyOf(where)));
            } else if (Material.INACTIVE.equals(m.status())) {
                quality.add(finding("material", sku, "inactive in INNERGY but referenced by " + String.join(", ", where)));
            }
        });

        for (BatchLedger.Batch b : ledger.recent("ppak", 100_000)) {
            if (BatchLedger.ABANDONED.equals(b.status()) || BatchLedger.ROLLED_BACK.equals(b.status()) || b.details() == null) {
                continue;
            }
            JsonNode details = readTree(b.details());
            unmapped.addFrom(details);
            if (details.path("warning_count").asLong(0) > 0) {
                quality.add(finding("ppak batch", b.source(), details.path("warning_count").asLong() + " warning(s), e.g. "
                        + details.path("warnings").path(0).asText("")));
            }
        }
        Map<String, Long> backlog = deadLetters.backlog();

        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!notInInnergy.isEmpty()) {
            errors.add(notInInnergy.size() + " project(s) without an INNERGY id");
        }
        if (!goneFromInnergy.isEmpty()) {
            errors.add(goneFromInnergy.size() + " project(s) linked to an INNERGY id INNERGY no longer has");
        }
        if (!missingMaterials.isEmpty()) {
            errors.add(missingMaterials.size() + " referenced material(s) missing in INNERGY");
        }
        if (backlog.getOrDefault(Flow.INNERGY.id(), 0L) > 0) {
            errors.add(backlog.get(Flow.INNERGY.id()) + " INNERGY dead letter(s) waiting");
        }
        if (!unmapped.isEmpty()) {
            warnings.add("unmapped values: " + unmapped);
        }
        if (!quality.isEmpty()) {
            warnings.add(quality.size() + " data-quality finding(s)");
        }
        backlog.forEach((flow, n) -> {
            if (!flow.equals(Flow.INNERGY.id()) && n > 0) {
                warnings.add(n + " " + flow + " dead letter(s) waiting");
            }
        });
        String overall = !errors.isEmpty() ? ERRORS : !warnings.isEmpty() ? WARNINGS : HEALTHY;

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "health-check");
        report.put("overall_health", overall);
        report.put("generated", Instant.now().toString());
        report.put("source", canonicalFile == null ? "canonical store (hub.db)" : canonicalFile.toString());
        report.put("innergy", client.baseUrl());
        report.put("errors", errors);
        report.put("warnings", warnings);
        report.put("projects_checked", projects.size());
        report.put("projects_without_innergy_id", notInInnergy);
        report.put("projects_gone_from_innergy", goneFromInnergy);
        report.put("materials_missing_in_innergy", missingMaterials);
        report.put("unmapped_values", unmapped.toMap());
        report.put("data_quality", quality);
        report.put("dead_letter_backlog", backlog);
        Path json = InnergyReports.write(home, "health_check_" + LocalDate.now(), report, markdown(report));
        report.put("report", json.toString());
        return report;
    }

    private static void projectQuality(CanonicalProject p, List<Map<String, Object>> quality) {
        if (p.address() == null || p.address().line1() == null) {
            quality.add(finding("project", p.projectNumber(), "no address"));
        }
        if (p.startDate() == null || p.dueDate() == null) {
            quality.add(finding("project", p.projectNumber(), "no " + (p.startDate() == null ? "start" : "due") + " date"));
        }
        if (p.sellPrice() == null) {
            quality.add(finding("project", p.projectNumber(), "no sell price"));
        }
        if (p.innergyStatus() == null || p.innergyPhase() == null) {
            quality.add(finding("project", p.projectNumber(), "no INNERGY " + (p.innergyStatus() == null ? "status" : "workflow step")));
        }
    }

    private static Map<String, Object> finding(String entity, String key, String problem) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("entity", entity);
        f.put("key", key);
        f.put("finding", problem);
        return f;
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            return Json.mapper().createObjectNode();
        }
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("# Migration health check: **").append(r.get("overall_health")).append("**\n\n");
        md.append("Generated ").append(r.get("generated")).append(" from ").append(InnergyReports.cell(r.get("source")))
                .append(" against ").append(InnergyReports.cell(r.get("innergy"))).append(".\n\n");
        list(md, "Errors", (List<Object>) r.get("errors"));
        list(md, "Warnings", (List<Object>) r.get("warnings"));
        list(md, "Projects without an INNERGY id", (List<Object>) r.get("projects_without_innergy_id"));
        list(md, "Projects gone from INNERGY", (List<Object>) r.get("projects_gone_from_innergy"));
        list(md, "Materials missing in INNERGY", (List<Object>) r.get("materials_missing_in_innergy"));
        md.append("\n## Unmapped values\n\n");
        Map<String, Object> unmapped = (Map<String, Object>) r.get("unmapped_values");
        if (unmapped.isEmpty()) {
            md.append("None.\n");
        }
        unmapped.forEach((k, v) -> md.append("- ").append(k).append(": ").append(InnergyReports.cell(v)).append("\n"));
        list(md, "Data quality", (List<Object>) r.get("data_quality"));
        md.append("\n## Dead-letter backlog\n\n");
        Map<String, Object> backlog = (Map<String, Object>) r.get("dead_letter_backlog");
        if (backlog.isEmpty()) {
            md.append("None.\n");
        }
        backlog.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
        return md.toString();
    }

    private static void list(StringBuilder md, String title, List<Object> items) {
        md.append("\n## ").append(title).append("\n\n");
        if (items.isEmpty()) {
            md.append("None.\n");
        }
        items.forEach(i -> md.append("- ").append(InnergyReports.cell(i)).append("\n"));
    }
}
