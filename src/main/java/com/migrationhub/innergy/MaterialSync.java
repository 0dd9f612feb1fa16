package com.migrationhub.innergy;

import com.migrationhub.core.Flow;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.HubMetrics;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.RejectedFileException;
import com.migrationhub.core.TextDecoding;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.Money;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The material master library ({@code MATERIAL_LIBRARY_MASTER}) against INNERGY's materials: new ones
 * created, changed ones edited (the report lists each field that differs), those inactive in the
 * master deactivated, the rest unchanged. INNERGY materials the master does not know are listed as
 * unmanaged and deactivated only when asked ({@code --deactivate-missing}).
 */
public final class MaterialSync {

    private static final Logger LOG = LoggerFactory.getLogger(MaterialSync.class);
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).get();
    private static final Set<String> TRUE = Set.of("true", "yes", "y", "1", "active");
    private static final int CREATE_CHUNK = 100;

    /** One master row: the material it asks for, or why it cannot be read. */
    public record MasterRow(long line, String sku, Material material, String problem) {
    }

    private final InnergyServices innergy;
    private final HubSettings settings;
    private final HubHome home;
    private final BatchLedger ledger;
    private final InnergyDeadLetters deadLetters;

    public MaterialSync(InnergyServices innergy, HubSettings settings, HubHome home, BatchLedger ledger,
                        InnergyDeadLetters deadLetters) {
        this.innergy = innergy;
        this.settings = settings;
        this.home = home;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
    }

    /** The scheduled run (Quartz) and {@code direct:innergy-material-sync}: the mode follows hub.innergy.mode. */
    public Map<String, Object> scheduled(@Header("dryRun") Boolean dryRun) {
        boolean live = dryRun == null ? innergy.live() : !dryRun;
        try {
            return sync(null, live, false);
        } catch (HubConfigurationException e) {
            LOG.warn("scheduled material sync skipped: {}", e.getMessage());
            return Map.of("command", "sync-materials", "skipped", e.getMessage());
        }
    }

    public Map<String, Object> sync(Path masterFile, boolean live, boolean deactivateMissing) {
        Path master = masterFile != null ? masterFile : settings.path("hub.materials.master");
        Instant started = Instant.now();
        InnergyClient client = innergy.client();
        long callsBefore = client.calls();
        List<MasterRow> rows = readMaster(master);
        deadLetters.startRun();
        Map<String, Material> inInnergy = new LinkedHashMap<>();
        // a dry run without a key plans against an empty INNERGY (offline); everything else reads it first
        boolean online = live || innergy.hasApiKey();
        if (online) {
            for (Material m : client.materials(null)) {
                inInnergy.put(m.sku(), m);
            }
        }
        BatchRun batch = live ? ledger.open(Flow.INNERGY.id(), HubMetrics.MATERIAL_SYNC_SOURCE + master.getFileName(), null) : null;
        InnergyWrites writes = new InnergyWrites(client, innergy.paths(), live);

        List<Map<String, Object>> created = new ArrayList<>();
        List<Map<String, Object>> updated = new ArrayList<>();
        List<Map<String, Object>> deactivated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> inactiveAbsent = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        List<Map<String, Object>> unmanaged = new ArrayList<>();
        List<Material> toCreate = new ArrayList<>();
        Map<String, MasterRow> bySku = new LinkedHashMap<>();

        innergy.progress().expectRows(rows.size());
        for (MasterRow row : rows) {
            innergy.progress().recordHandled();
            if (row.problem() != null) {
                failed.add(failure(row.sku(), row.line(), row.problem()));
                reject(live, row, row.problem(), batch);
                continue;
            }
            if (bySku.containsKey(row.sku())) {
                String why = "SKU " + row.sku() + " repeated in the master (first at line " + bySku.get(row.sku()).line() + ")";
                failed.add(failure(row.sku(), row.line(), why));
                reject(live, row, why, batch);
                continue;
            }
            bySku.put(row.sku(), row);
            Material want = row.material();
            Material have = inInnergy.get(row.sku());
            boolean activeInMaster = Material.ACTIVE.equals(want.status());
            try {
                if (have == null) {
                    if (activeInMaster) {
                        toCreate.add(want);
                    } else {
                        inactiveAbsent.add(row.sku());
                    }
                } else if (!activeInMaster && Material.ACTIVE.equals(have.status())) {
                    writes.deactivateMaterial(have.id());
                    deactivated.add(Map.of("sku", row.sku(), "reason", "inactive in the master"));
                } else {
                    List<Map<String, Object>> diff = differences(have, want);
                    if (diff.isEmpty()) {
                        unchanged.add(row.sku());
                    } else {
                        writes.editMaterial(have.id(), want);
                        Map<String, Object> u = new LinkedHashMap<>();
                        u.put("sku", row.sku());
                        u.put("differences", diff);
                        updated.add(u);
                    }
                }
                if (live) {
                    deadLetters.resolve(InnergyLinks.MATERIAL, row.sku(), batch.id());
                }
            } catch (InnergyRejectedException e) {
                failed.add(failure(row.sku(), row.line(), e.reason()));
                reject(live, row, e.reason(), batch);
            }
        }
        for (int i = 0; i < toCreate.size(); i += CREATE_CHUNK) {
            create(writes, toCreate.subList(i, Math.min(toCreate.size(), i + CREATE_CHUNK)), bySku, created, failed, live, batch);
        }
        for (Material m : inInnergy.values()) {
            if (!bySku.containsKey(m.sku()) && rows.stream().noneMatch(r -> m.sku().equals(r.sku()))) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("sku", m.sku());
                u.put("name", m.name());
                u.put("status", m.status());
                if (deactivateMissing && Material.ACTIVE.equals(m.status())) {
                    writes.deactivateMaterial(m.id());
                    u.put("deactivated", true);
                    deactivated.add(Map.of("sku", m.sku(), "reason", "not in the master (--deactivate-missing)"));
                }
                unmanaged.add(u);
            }
        }

        String stamp = InnergyReports.stamp(started);
        Path plan = live ? null : writes.writePlan(home.outbox().resolve("innergy"), "sync-materials", stamp);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("new", created.size());
        counts.put("updated", updated.size());
        counts.put("inactive", deactivated.stream().filter(d -> "inactive in the master".equals(d.get("reason"))).count());
        counts.put("unchanged", unchanged.size() + inactiveAbsent.size());
        counts.put("failed", failed.size());
        counts.put("unmanaged", unmanaged.size());
        counts.put("deactivated_missing", deactivated.size() - ((Number) counts.get("inactive")).longValue());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "sync-materials");
        report.put("mode", live ? "live" : "dry-run");
        report.put("master", master.toString());
        report.put("innergy", client.baseUrl());
        report.put("online", online);
        report.put("started", started.toString());
        report.put("duration_ms", java.time.Duration.between(started, Instant.now()).toMillis());
        report.put("master_rows", rows.size());
        report.put("innergy_materials", inInnergy.size());
        report.put("counts", counts);
        report.put("new", created);
        report.put("updated", updated);
        report.put("deactivated", deactivated);
        report.put("unchanged", unchanged);
        report.put("inactive_not_in_innergy", inactiveAbsent);
        report.put("unmanaged", unmanaged);
        report.put("failed", failed);
        report.put("requests_sent", client.calls() - callsBefore);
        report.put("requests_planned", writes.plannedRequests());
        report.put("plan_file", plan == null ? null : plan.toString());
        if (batch != null) {
            long changed = created.size() + updated.size() + deactivated.size();
            batch.countFound(rows.size());
            batch.countLoaded(changed - (long) counts.get("deactivated_missing"));
            batch.countRejected(failed.size());
            batch.countSkipped(rows.size() - batch.loaded() - failed.size());
            ledger.close(batch, BatchLedger.DONE, null);
            report.put("batch_id", batch.id());
        }
        Path json = InnergyReports.write(home, "material_sync_" + stamp, report, markdown(report));
        report.put("report", json.toString());
        LOG.info("sync-materials ({}): {}", report.get("mode"), counts);
        return report;
    }

    private void create(InnergyWrites writes, List<Material> chunk, Map<String, MasterRow> bySku,
                        List<Map<String, Object>> created, List<Map<String, Object>> failed, boolean live, BatchRun batch) {
        try {
            writes.createMaterials(chunk);
            chunk.forEach(m -> created.add(Map.of("sku", m.sku(), "name", m.name())));
        } catch (InnergyRejectedException e) {
            if (chunk.size() == 1) {
                MasterRow row = bySku.get(chunk.get(0).sku());
                failed.add(failure(row.sku(), row.line(), e.reason()));
                reject(live, row, e.reason(), batch);
                return;
            }
            // INNERGY refuses a whole create when one item is bad: find it one by one
            for (Material m : chunk) {
                create(writes, List.of(m), bySku, created, failed, live, batch);
            }
        }
    }

    private void reject(boolean live, MasterRow row, String reason, BatchRun batch) {
        if (live) {
            deadLetters.reject(InnergyLinks.MATERIAL, row.sku() == null || row.sku().isBlank() ? "line-" + row.line() : row.sku(),
                    Map.of("master_line", row.line()), row.material(), reason, batch == null ? null : batch.id());
        }
    }

    private static Map<String, Object> failure(String sku, long line, String reason) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sku", sku);
        f.put("line", line);
        f.put("reason", reason);
        return f;
    }

    /** Each field INNERGY holds differently from the master: field, INNERGY's value, the master's. */
    static List<Map<String, Object>> differences(Material have, Material want) {
        List<Map<String, Object>> out = new ArrayList<>();
        diff(out, "Name", have.name(), want.name());
        diff(out, "Description", have.description(), want.description());
        diff(out, "Category", have.category(), want.category());
        diff(out, "Subcategory", have.subcategory(), want.subcategory());
        diff(out, "BaseUoM", have.baseUoM(), want.baseUoM());
        diff(out, "PurchasingUoM", have.purchasingUoM(), want.purchasingUoM());
        BigDecimal haveCost = have.cost() == null ? null : have.cost().value();
        BigDecimal wantCost = want.cost() == null ? null : want.cost().value();
        if (!(haveCost == null ? wantCost == null : wantCost != null && haveCost.compareTo(wantCost) == 0)) {
            diff(out, "Cost", haveCost, wantCost);
        }
        diff(out, "Vendor", have.vendor(), want.vendor());
        diff(out, "VendorPartNumber", have.vendorPartNumber(), want.vendorPartNumber());
        diff(out, "LeadTimeDays", have.leadTimeDays(), want.leadTimeDays());
        BigDecimal haveMoq = have.minimumOrderQuantity();
        BigDecimal wantMoq = want.minimumOrderQuantity();
        if (!(haveMoq == null ? wantMoq == null : wantMoq != null && haveMoq.compareTo(wantMoq) == 0)) {
            diff(out, "MinimumOrderQuantity", haveMoq, wantMoq);
        }
        diff(out, "Status", have.status(), want.status());
        diff(out, "ExternalIdentifier", have.externalIdentifier(), want.externalIdentifier());
        return out;
    }

    private static void diff(List<Map<String, Object>> out, String field, Object have, Object want) {
        if (!Objects.equals(have, want)) {
            add(out, field, have, want);
        }
    }

    private static void add(List<Map<String, Object>> out, String field, Object have, Object want) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("field", field);
        d.put("innergy", have);
        d.put("master", want);
        out.add(d);
    }

    /** Reads the master library: one MasterRow per data row, problems kept with their line. */
    public static List<MasterRow> readMaster(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HubConfigurationException("the material master library " + file + " does not exist (MATERIAL_LIBRARY_MASTER)");
        }
        List<MasterRow> out = new ArrayList<>();
        try {
            TextDecoding.Detected detected = TextDecoding.detect(file);
            try (Reader reader = TextDecoding.open(file, detected); CSVParser csv = CSVParser.builder().setReader(reader)
                    .setFormat(FORMAT).get()) {
                Map<String, String> columns = new LinkedHashMap<>();
                for (String h : csv.getHeaderNames()) {
                    columns.put(h.strip().toLowerCase(Locale.ROOT).replace(' ', '_'), h);
                }
                for (String required : List.of("sku", "description", "category", "unit_of_measure")) {
                    if (!columns.containsKey(required)) {
                        throw new HubConfigurationException(file + " has no '" + required + "' column");
                    }
                }
                for (CSVRecord r : csv) {
                    out.add(row(r, columns));
                }
            }
        } catch (IOException | RejectedFileException e) {
            throw new HubConfigurationException("cannot read the material master library " + file + ": " + e.getMessage());
        }
        return out;
    }

    private static MasterRow row(CSVRecord r, Map<String, String> columns) {
        long line = r.getRecordNumber() + 1;
        String sku = cell(r, columns, "sku");
        List<String> problems = new ArrayList<>();
        for (String required : List.of("sku", "description", "category", "unit_of_measure")) {
            if (cell(r, columns, required) == null) {
                problems.add(required + " is empty");
            }
        }
        BigDecimal cost = decimal(cell(r, columns, "cost_per_unit"), "cost_per_unit", problems);
        BigDecimal moq = decimal(cell(r, columns, "minimum_order_quantity"), "minimum_order_quantity", problems);
        BigDecimal lead = decimal(cell(r, columns, "lead_time_days"), "lead_time_days", problems);
        String active = cell(r, columns, "is_active");
        if (!problems.isEmpty()) {
            return new MasterRow(line, sku, null, "line " + line + ": " + String.join("; ", problems));
        }
        String uom = cell(r, columns, "unit_of_measure");
        Material m = new Material(null, sku, cell(r, columns, "description"), cell(r, columns, "notes"),
                cell(r, columns, "category"), cell(r, columns, "subcategory"), uom, uom, Money.usd(cost),
                cell(r, columns, "vendor"), cell(r, columns, "vendor_part_number"), lead == null ? null : lead.intValue(), moq,
                active == null || TRUE.contains(active.toLowerCase(Locale.ROOT)) ? Material.ACTIVE : Material.INACTIVE, sku,
                null, null);
        return new MasterRow(line, sku, m, null);
    }

    private static String cell(CSVRecord r, Map<String, String> columns, String name) {
        String header = columns.get(name);
        if (header == null || !r.isSet(header)) {
            return null;
        }
        String v = r.get(header).strip();
        return v.isEmpty() ? null : v;
    }

    private static BigDecimal decimal(String text, String column, List<String> problems) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.replace("$", "").replace(",", ""));
        } catch (NumberFormatException e) {
            problems.add(column + " '" + text + "' is not a number");
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("# INNERGY material sync (").append(r.get("mode")).append(")\n\n");
        md.append("Master ").append(InnergyReports.cell(r.get("master"))).append(" (").append(r.get("master_rows"))
                .append(" rows) against ").append(InnergyReports.cell(r.get("innergy"))).append(" (")
                .append(r.get("innergy_materials")).append(" materials), ").append(r.get("started")).append(".\n\n");
        Map<String, Object> c = (Map<String, Object>) r.get("counts");
        md.append("| new | updated | inactive | unchanged | failed | unmanaged |\n|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(c.get("new")).append(" | ").append(c.get("updated")).append(" | ").append(c.get("inactive"))
                .append(" | ").append(c.get("unchanged")).append(" | ").append(c.get("failed")).append(" | ")
                .append(c.get("unmanaged")).append(" |\n\n## Updated (field differences)\n\n");
        List<Map<String, Object>> updated = (List<Map<String, Object>>) r.get("updated");
        if (updated.isEmpty()) {
            md.append("None.\n");
        }
        for (Map<String, Object> u : updated) {
            md.append("- **").append(InnergyReports.cell(u.get("sku"))).append("**\n");
            for (Map<String, Object> d : (List<Map<String, Object>>) u.get("differences")) {
                md.append("  - ").append(d.get("field")).append(": INNERGY `").append(InnergyReports.cell(d.get("innergy")))
                        .append("` → master `").append(InnergyReports.cell(d.get("master"))).append("`\n");
            }
        }
        section(md, "New", (List<Map<String, Object>>) r.get("new"), "sku");
        section(md, "Deactivated", (List<Map<String, Object>>) r.get("deactivated"), "sku", "reason");
        section(md, "Unmanaged (in INNERGY, not in the master)", (List<Map<String, Object>>) r.get("unmanaged"), "sku", "status");
        section(md, "Failed", (List<Map<String, Object>>) r.get("failed"), "sku", "reason");
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<Map<String, Object>> items, String... fields) {
        md.append("\n## ").append(title).append("\n\n");
        if (items.isEmpty()) {
            md.append("None.\n");
        }
        for (Map<String, Object> i : items) {
            md.append("-");
            for (String f : fields) {
                md.append(" ").append(InnergyReports.cell(i.get(f)));
            }
            md.append("\n");
        }
    }
}
