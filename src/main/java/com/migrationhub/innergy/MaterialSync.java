package com.migrationhub.innergy;

import com.migrationhub.core.Flow;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.CsvTables;
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
            return sync(null, live, false).asMap();
        } catch (HubConfigurationException e) {
            LOG.warn("scheduled material sync skipped: {}", e.getMessage());
            return Map.of("command", "sync-materials", "skipped", e.getMessage());
        }
    }

    public MaterialSyncReport sync(Path masterFile, boolean live, boolean deactivateMissing) {
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
        Applied applied = apply(plan(rows, inInnergy, deactivateMissing), writes, live, batch);

        String stamp = InnergyReports.stamp(started);
        Path planFile = live ? null : writes.writePlan(home.outbox().resolve("innergy"), "sync-materials", stamp);
        recordDeliveries(applied, live, planFile, batch);
        if (batch != null) {
            long changed = applied.created.size() + applied.updated.size() + applied.deactivated.size();
            long deactivatedMissing = applied.deactivated.stream()
                    .filter(d -> !MaterialSyncReport.INACTIVE_IN_MASTER.equals(d.reason())).count();
            batch.countFound(rows.size());
            batch.countLoaded(changed - deactivatedMissing);
            batch.countRejected(applied.failed.size());
            batch.countSkipped(rows.size() - batch.loaded() - applied.failed.size());
            ledger.close(batch, BatchLedger.DONE, null);
        }
        MaterialSyncReport report = new MaterialSyncReport(live, master, client.baseUrl(), online, started,
                java.time.Duration.between(started, Instant.now()).toMillis(), rows.size(), inInnergy.size(),
                applied.created, applied.updated, applied.deactivated, applied.unchanged, applied.inactiveAbsent,
                applied.unmanaged, applied.failed, client.calls() - callsBefore, writes.plannedRequests(), planFile,
                batch == null ? null : batch.id(), null);
        Path json = InnergyReports.write(home, "material_sync_" + stamp, report.asMap(), report.markdown());
        LOG.info("sync-materials ({}): {}", report.mode(), report.counts());
        return report.withReportFile(json);
    }

    /** What one master row asks of INNERGY, decided before anything is sent. */
    sealed interface Step {
        MasterRow row();
    }

    /** The row cannot be synced (unreadable, or its SKU repeated). */
    record Refuse(MasterRow row, String reason) implements Step {
    }

    record Create(MasterRow row) implements Step {
    }

    /** Inactive in the master and absent from INNERGY: nothing to do. */
    record LeaveAbsent(MasterRow row) implements Step {
    }

    record Deactivate(MasterRow row, String id) implements Step {
    }

    record Edit(MasterRow row, String id, List<MaterialSyncReport.Difference> differences) implements Step {
    }

    record Unchanged(MasterRow row) implements Step {
    }

    /** The master's rows as steps, in master order, and INNERGY's materials the master does not name. */
    record Plan(List<Step> steps, List<Material> unmanaged, boolean deactivateMissing) {
    }

    static Plan plan(List<MasterRow> rows, Map<String, Material> inInnergy, boolean deactivateMissing) {
        List<Step> steps = new ArrayList<>();
        Map<String, MasterRow> bySku = new LinkedHashMap<>();
        for (MasterRow row : rows) {
            if (row.problem() != null) {
                steps.add(new Refuse(row, row.problem()));
                continue;
            }
            if (bySku.containsKey(row.sku())) {
                steps.add(new Refuse(row, "SKU " + row.sku() + " repeated in the master (first at line "
                        + bySku.get(row.sku()).line() + ")"));
                continue;
            }
            bySku.put(row.sku(), row);
            Material want = row.material();
            Material have = inInnergy.get(row.sku());
            boolean activeInMaster = Material.ACTIVE.equals(want.status());
            if (have == null) {
                steps.add(activeInMaster ? new Create(row) : new LeaveAbsent(row));
            } else if (!activeInMaster && Material.ACTIVE.equals(have.status())) {
                steps.add(new Deactivate(row, have.id()));
            } else {
                List<MaterialSyncReport.Difference> diff = differences(have, want);
                steps.add(diff.isEmpty() ? new Unchanged(row) : new Edit(row, have.id(), diff));
            }
        }
        List<Material> unmanaged = new ArrayList<>();
        for (Material m : inInnergy.values()) {
            if (!bySku.containsKey(m.sku()) && rows.stream().noneMatch(r -> m.sku().equals(r.sku()))) {
                unmanaged.add(m);
            }
        }
        return new Plan(steps, unmanaged, deactivateMissing);
    }

    /** What was done (or, in a dry run, planned), in the report's lists. */
    private static final class Applied {
        final List<MaterialSyncReport.Created> created = new ArrayList<>();
        final List<MaterialSyncReport.Updated> updated = new ArrayList<>();
        final List<MaterialSyncReport.Deactivated> deactivated = new ArrayList<>();
        final List<String> unchanged = new ArrayList<>();
        final List<String> inactiveAbsent = new ArrayList<>();
        final List<MaterialSyncReport.Unmanaged> unmanaged = new ArrayList<>();
        final List<MaterialSyncReport.Failure> failed = new ArrayList<>();
    }

    /** Each material created, updated, deactivated or refused (or planned), for lineage: by SKU, a canonical material's key. */
    private void recordDeliveries(Applied applied, boolean live, Path planFile, BatchRun batch) {
        String mode = live ? "live" : "dry-run";
        String plan = planFile == null ? null : planFile.toString();
        Long batchId = batch == null ? null : batch.id();
        List<InnergyLinks.Delivery> out = new ArrayList<>();
        applied.created.forEach(c -> out.add(new InnergyLinks.Delivery(InnergyLinks.MATERIAL, c.sku(), "created", null, mode, plan, batchId)));
        applied.updated.forEach(u -> out.add(new InnergyLinks.Delivery(InnergyLinks.MATERIAL, u.sku(), "updated", null, mode, plan, batchId)));
        applied.deactivated.forEach(d -> out.add(new InnergyLinks.Delivery(InnergyLinks.MATERIAL, d.sku(), "deactivated", null, mode, plan,
                batchId)));
        applied.failed.stream().filter(f -> f.sku() != null && !f.sku().isBlank()).forEach(f -> out.add(new InnergyLinks.Delivery(
                InnergyLinks.MATERIAL, f.sku(), "failed", null, mode, plan, batchId)));
        innergy.links().recordDeliveries(out);
    }

    /** Sends the plan's writes (a dry run records them in the plan file): row by row, then the creates, then the missing. */
    private Applied apply(Plan plan, InnergyWrites writes, boolean live, BatchRun batch) {
        Applied done = new Applied();
        List<Material> toCreate = new ArrayList<>();
        Map<String, MasterRow> bySku = new LinkedHashMap<>();
        innergy.progress().expectRows(plan.steps().size());
        for (Step step : plan.steps()) {
            innergy.progress().recordHandled();
            MasterRow row = step.row();
            if (step instanceof Refuse refuse) {
                fail(done, live, row, refuse.reason(), batch);
                continue;
            }
            bySku.put(row.sku(), row);
            try {
                if (step instanceof Create) {
                    toCreate.add(row.material());
                } else if (step instanceof LeaveAbsent) {
                    done.inactiveAbsent.add(row.sku());
                } else if (step instanceof Deactivate d) {
                    writes.deactivateMaterial(d.id());
                    done.deactivated.add(new MaterialSyncReport.Deactivated(row.sku(), MaterialSyncReport.INACTIVE_IN_MASTER));
                } else if (step instanceof Unchanged) {
                    done.unchanged.add(row.sku());
                } else if (step instanceof Edit e) {
                    writes.editMaterial(e.id(), row.material());
                    done.updated.add(new MaterialSyncReport.Updated(row.sku(), e.differences()));
                }
                if (live) {
                    deadLetters.resolve(InnergyLinks.MATERIAL, row.sku(), batch.id());
                }
            } catch (InnergyRejectedException e) {
                fail(done, live, row, e.reason(), batch);
            }
        }
        for (int i = 0; i < toCreate.size(); i += CREATE_CHUNK) {
            create(writes, toCreate.subList(i, Math.min(toCreate.size(), i + CREATE_CHUNK)), bySku, done, live, batch);
        }
        for (Material m : plan.unmanaged()) {
            boolean deactivate = plan.deactivateMissing() && Material.ACTIVE.equals(m.status());
            if (deactivate) {
                writes.deactivateMaterial(m.id());
                done.deactivated.add(new MaterialSyncReport.Deactivated(m.sku(), MaterialSyncReport.NOT_IN_MASTER));
            }
            done.unmanaged.add(new MaterialSyncReport.Unmanaged(m.sku(), m.name(), m.status(), deactivate));
        }
        return done;
    }

    private void create(InnergyWrites writes, List<Material> chunk, Map<String, MasterRow> bySku, Applied done, boolean live,
                        BatchRun batch) {
        try {
            writes.createMaterials(chunk);
            chunk.forEach(m -> done.created.add(new MaterialSyncReport.Created(m.sku(), m.name())));
        } catch (InnergyRejectedException e) {
            if (chunk.size() == 1) {
                fail(done, live, bySku.get(chunk.get(0).sku()), e.reason(), batch);
                return;
            }
            // INNERGY refuses a whole create when one item is bad: find it one by one
            for (Material m : chunk) {
                create(writes, List.of(m), bySku, done, live, batch);
            }
        }
    }

    private void fail(Applied done, boolean live, MasterRow row, String reason, BatchRun batch) {
        done.failed.add(new MaterialSyncReport.Failure(row.sku(), row.line(), reason));
        if (live) {
            deadLetters.reject(InnergyLinks.MATERIAL, row.sku() == null || row.sku().isBlank() ? "line-" + row.line() : row.sku(),
                    Map.of("master_line", row.line()), row.material(), reason, batch == null ? null : batch.id());
        }
    }

    /** Each field INNERGY holds differently from the master: field, INNERGY's value, the master's. */
    static List<MaterialSyncReport.Difference> differences(Material have, Material want) {
        List<MaterialSyncReport.Difference> out = new ArrayList<>();
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

    private static void diff(List<MaterialSyncReport.Difference> out, String field, Object have, Object want) {
        if (!Objects.equals(have, want)) {
            out.add(new MaterialSyncReport.Difference(field, have, want));
        }
    }

    /** Reads the master library: one MasterRow per data row, problems kept with their line. */
    public static List<MasterRow> readMaster(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HubConfigurationException("the material master library " + file + " does not exist (MATERIAL_LIBRARY_MASTER)");
        }
        List<MasterRow> out = new ArrayList<>();
        try {
            TextDecoding.Detected detected = TextDecoding.detect(file);
            try (Reader reader = TextDecoding.open(file, detected)) {
                CsvTables.Table csv = CsvTables.read(reader, true);
                Map<String, String> columns = new LinkedHashMap<>();
                for (String h : csv.header()) {
                    columns.put(h.strip().toLowerCase(Locale.ROOT).replace(' ', '_'), h);
                }
                for (String required : List.of("sku", "description", "category", "unit_of_measure")) {
                    if (!columns.containsKey(required)) {
                        throw new HubConfigurationException(file + " has no '" + required + "' column");
                    }
                }
                for (CsvTables.Row r : csv.rows()) {
                    out.add(row(csv, r, columns));
                }
            }
        } catch (IOException | RejectedFileException e) {
            throw new HubConfigurationException("cannot read the material master library " + file + ": " + e.getMessage());
        }
        return out;
    }

    private static MasterRow row(CsvTables.Table csv, CsvTables.Row r, Map<String, String> columns) {
        long line = r.number() + 1;
        String sku = cell(csv, r, columns, "sku");
        List<String> problems = new ArrayList<>();
        for (String required : List.of("sku", "description", "category", "unit_of_measure")) {
            if (cell(csv, r, columns, required) == null) {
                problems.add(required + " is empty");
            }
        }
        BigDecimal cost = decimal(cell(csv, r, columns, "cost_per_unit"), "cost_per_unit", problems);
        BigDecimal moq = decimal(cell(csv, r, columns, "minimum_order_quantity"), "minimum_order_quantity", problems);
        BigDecimal lead = decimal(cell(csv, r, columns, "lead_time_days"), "lead_time_days", problems);
        String active = cell(csv, r, columns, "is_active");
        if (!problems.isEmpty()) {
            return new MasterRow(line, sku, null, "line " + line + ": " + String.join("; ", problems));
        }
        String uom = cell(csv, r, columns, "unit_of_measure");
        Material m = new Material(null, sku, cell(csv, r, columns, "description"), cell(csv, r, columns, "notes"),
                cell(csv, r, columns, "category"), cell(csv, r, columns, "subcategory"), uom, uom, Money.usd(cost),
                cell(csv, r, columns, "vendor"), cell(csv, r, columns, "vendor_part_number"), lead == null ? null : lead.intValue(), moq,
                active == null || TRUE.contains(active.toLowerCase(Locale.ROOT)) ? Material.ACTIVE : Material.INACTIVE, sku,
                null, null);
        return new MasterRow(line, sku, m, null);
    }

    private static String cell(CsvTables.Table csv, CsvTables.Row r, Map<String, String> columns, String name) {
        String header = columns.get(name);
        String v = header == null ? null : csv.get(r, header);
        if (v == null) {
            return null;
        }
        v = v.strip();
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
}
