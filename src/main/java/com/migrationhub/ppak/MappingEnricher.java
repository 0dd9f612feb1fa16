package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.canonical.CanonicalWorkOrder;
import com.migrationhub.canonical.CanonicalRecord;
import com.migrationhub.core.BatchRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Content enricher: PPak values become canonical ones through the mapping tables, and a work order's
 * job id becomes the project it belongs to. A missing status mapping rejects the row (INNERGY needs a
 * status); unmapped phases, materials and units are kept as they are and flagged for the health check.
 */
public final class MappingEnricher {

    private final MappingTables mappings;
    private final CanonicalStore store;
    private final AppliedMappings applied;

    MappingEnricher(MappingTables mappings, CanonicalStore store, AppliedMappings applied) {
        this.mappings = mappings;
        this.store = store;
        this.applied = applied;
    }

    public ChunkOutcome<CanonicalProject> enrichProjects(ChunkOutcome<CanonicalProject> outcome) {
        mappings.refresh();
        BatchRun batch = outcome.chunk().batch();
        applied.applying(batch, MappingTables.Table.STATUS, MappingTables.Table.PHASE);
        return outcome.review(c -> {
            CanonicalProject p = c.record();
            var status = mappings.status(p.ppakStatus());
            if (status.isEmpty()) {
                if (p.ppakStatus() != null) {
                    batch.unmapped("status", p.ppakStatus());
                }
                return ChunkOutcome.Verdict.reject(p.ppakStatus() == null ? "status missing"
                        : "status `" + p.ppakStatus() + "` unmapped (add it to status_mapping.csv)");
            }
            var phase = mappings.phase(p.ppakPhase());
            return ChunkOutcome.Verdict.keep(p.withMapping(status.get().canonical(), status.get().innergy(),
                    phase.map(MappingTables.Mapping::canonical).orElse(null),
                    phase.map(MappingTables.Mapping::innergy).orElse(null)));
        });
    }

    public ChunkOutcome<CanonicalMaterial> enrichMaterials(ChunkOutcome<CanonicalMaterial> outcome) {
        mappings.refresh();
        BatchRun batch = outcome.chunk().batch();
        applied.applying(batch, MappingTables.Table.MATERIAL);
        return outcome.review(c -> {
            CanonicalMaterial m = c.record();
            var sku = mappings.material(m.ppakCode());
            String unit = MappingTables.unit(m.ppakUom()).orElse(m.ppakUom() == null ? null : m.ppakUom().toLowerCase());
            return ChunkOutcome.Verdict.keep(m.withMapping(
                    sku.map(MappingTables.Mapping::canonical).orElse(m.ppakCode()),
                    sku.map(MappingTables.Mapping::innergy).orElse(null),
                    sku.isPresent(), unit));
        });
    }

    public ChunkOutcome<CanonicalWorkOrder> enrichWorkOrders(ChunkOutcome<CanonicalWorkOrder> outcome) {
        mappings.refresh();
        BatchRun batch = outcome.chunk().batch();
        applied.applying(batch, MappingTables.Table.MATERIAL);
        Set<String> jobIds = outcome.candidates().stream().map(c -> c.record().ppakJobId())
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        Map<String, String> projects = store.projectNumbersByJobId(jobIds);
        return outcome.review(c -> {
            CanonicalWorkOrder w = c.record();
            String project = w.ppakJobId() == null ? null : projects.get(w.ppakJobId());
            if (project == null) {
                return ChunkOutcome.Verdict.reject(w.ppakJobId() == null ? "job id missing"
                        : "job " + w.ppakJobId() + " unknown: no project with that Job Id has been loaded");
            }
            List<CanonicalWorkOrder.MaterialLine> lines = new ArrayList<>();
            for (CanonicalWorkOrder.MaterialLine line : w.materials()) {
                var sku = mappings.material(line.ppakCode());
                lines.add(new CanonicalWorkOrder.MaterialLine(line.ppakCode(),
                        sku.map(MappingTables.Mapping::canonical).orElse(line.ppakCode()), sku.isPresent(), line.quantity()));
            }
            return ChunkOutcome.Verdict.keep(w.withResolution(project, lines));
        });
    }

    /**
     * Lists the values the mapping tables lack, for the summary and the health check — only for rows
     * that passed validation, so a row rejected for another reason does not report a mapping gap.
     */
    public <T extends CanonicalRecord> ChunkOutcome<T> noteGaps(ChunkOutcome<T> outcome) {
        BatchRun batch = outcome.chunk().batch();
        for (ChunkOutcome.Candidate<T> c : outcome.candidates()) {
            if (c.record() instanceof CanonicalProject p && p.phase() == null && p.ppakPhase() != null) {
                batch.unmapped("phase", p.ppakPhase());
                batch.warn(outcome.chunk().export().fileName() + " line " + c.row().line() + ": phase `" + p.ppakPhase()
                        + "` unmapped, phase left empty");
            } else if (c.record() instanceof CanonicalMaterial m) {
                if (!m.mapped()) {
                    batch.unmapped("material", m.ppakCode());
                }
                if (m.ppakUom() != null && MappingTables.unit(m.ppakUom()).isEmpty()) {
                    batch.unmapped("uom", m.ppakUom());
                }
            } else if (c.record() instanceof CanonicalWorkOrder w) {
                w.materials().stream().filter(line -> !line.mapped()).forEach(line -> batch.unmapped("material", line.ppakCode()));
            }
        }
        return outcome;
    }
}
