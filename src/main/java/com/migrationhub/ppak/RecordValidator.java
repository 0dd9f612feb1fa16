package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.canonical.CanonicalWorkOrder;
/** Validator: the business rules a canonical record must meet before it is loaded. */
public final class RecordValidator {

    public ChunkOutcome<CanonicalProject> validateProjects(ChunkOutcome<CanonicalProject> outcome) {
        return outcome.review(c -> {
            CanonicalProject p = c.record();
            if (p.projectNumber() == null) {
                return ChunkOutcome.Verdict.reject("no Job Id and no Job Number");
            }
            if (p.name() == null) {
                return ChunkOutcome.Verdict.reject("no project name (Description)");
            }
            if (p.customer() == null) {
                return ChunkOutcome.Verdict.reject("no bill-to customer");
            }
            if (p.startDate() != null && p.dueDate() != null && p.dueDate().isBefore(p.startDate())) {
                return ChunkOutcome.Verdict.reject("due date " + p.dueDate() + " before start date " + p.startDate());
            }
            return ChunkOutcome.Verdict.keep(p);
        });
    }

    public ChunkOutcome<CanonicalMaterial> validateMaterials(ChunkOutcome<CanonicalMaterial> outcome) {
        return outcome.review(c -> {
            CanonicalMaterial m = c.record();
            if (m.ppakCode() == null) {
                return ChunkOutcome.Verdict.reject("no inventory code");
            }
            if (m.ppakCode().chars().anyMatch(Character::isWhitespace)) {
                return ChunkOutcome.Verdict.reject("inventory code '" + m.ppakCode() + "' contains spaces");
            }
            if (m.category() == null) {
                return ChunkOutcome.Verdict.reject("missing category");
            }
            return ChunkOutcome.Verdict.keep(m);
        });
    }

    public ChunkOutcome<CanonicalWorkOrder> validateWorkOrders(ChunkOutcome<CanonicalWorkOrder> outcome) {
        return outcome.review(c -> {
            CanonicalWorkOrder w = c.record();
            if (w.workOrderNumber() == null) {
                return ChunkOutcome.Verdict.reject("no work order number");
            }
            if (w.startDate() != null && w.dueDate() != null && w.dueDate().isBefore(w.startDate())) {
                return ChunkOutcome.Verdict.reject("due date " + w.dueDate() + " before start date " + w.startDate());
            }
            return ChunkOutcome.Verdict.keep(w);
        });
    }
}
