package com.migrationhub.innergy;

import com.migrationhub.innergy.api.Address;
import com.migrationhub.innergy.api.Money;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.innergy.api.ProjectInput;
import com.migrationhub.innergy.api.WorkOrder;
import com.migrationhub.innergy.api.WorkOrderInput;
import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalWorkOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Canonical project and work order → INNERGY create/edit bodies (docs/INNERGY_IMPORT.md has the
 * field table), and the checks made before anything is sent. ExternalId / ExternalIdentifier carry the
 * canonical natural key, which is how a record is found again after a crash.
 */
public final class InnergyTranslator {

    public ProjectInput project(CanonicalProject p) {
        CanonicalProject.Address a = p.address();
        Address address = a == null ? null : new Address(a.line1(), null, a.city(), a.state(), a.zip(), "US");
        List<String> tags = new ArrayList<>();
        tags.add("ppak");
        if (p.projectType() != null && !p.projectType().isBlank()) {
            tags.add(p.projectType());
        }
        return new ProjectInput(p.projectNumber(), trim(p.name()), p.projectNumber(), trim(p.customer()),
                p.innergyStatus(), p.innergyPhase(), address, p.dueDate(), p.dueDate(), Money.usd(p.sellPrice()),
                p.notes(), tags);
    }

    /** Why a project cannot be sent, or null. INNERGY requires Name, ExternalId and CustomerName. */
    public String problem(ProjectInput p) {
        List<String> missing = new ArrayList<>();
        if (blank(p.name())) {
            missing.add("name");
        }
        if (blank(p.customerName())) {
            missing.add("customer");
        }
        if (blank(p.externalId())) {
            missing.add("project number");
        }
        return missing.isEmpty() ? null : "missing " + String.join(" and ", missing) + " (INNERGY requires them)";
    }

    public WorkOrderInput workOrder(CanonicalWorkOrder w) {
        String name = blank(w.description()) ? w.workOrderNumber() : w.description().strip();
        return new WorkOrderInput(w.workOrderNumber(), name, type(w.type() != null ? w.type() : w.purpose()), w.status(),
                w.workOrderNumber(), w.startDate(), w.dueDate(), w.dueDate(), w.estimatedHours(), Money.usd(w.sellPrice()));
    }

    /** INNERGY knows Production, Drafting and Installation; anything else is production work. */
    static String type(String value) {
        if (value == null) {
            return "Production";
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("install")) {
            return "Installation";
        }
        if (v.startsWith("draft")) {
            return "Drafting";
        }
        return "Production";
    }

    /** True when INNERGY's project already says what the body would say (a project found by ExternalId). */
    public boolean sameContent(Project have, ProjectInput want) {
        return Objects.equals(have.number(), want.number()) && Objects.equals(have.name(), want.name())
                && Objects.equals(have.customer() == null ? null : have.customer().name(), want.customerName())
                && Objects.equals(have.status(), want.status()) && Objects.equals(have.workflowStepName(), want.workflowStepName())
                && Objects.equals(have.address(), want.address()) && Objects.equals(have.firstDelivery(), want.firstDeliveryDate())
                && Objects.equals(have.substantialCompletion(), want.substantialCompletionDate())
                && sameMoney(have.totalContract(), want.totalContract()) && Objects.equals(have.masterNote(), want.masterNote())
                && Objects.equals(have.tags() == null ? List.of() : have.tags(), want.tags() == null ? List.of() : want.tags());
    }

    public boolean sameContent(WorkOrder have, WorkOrderInput want) {
        return Objects.equals(have.number(), want.number()) && Objects.equals(have.name(), want.name())
                && Objects.equals(have.type(), want.type()) && Objects.equals(have.status(), want.status())
                && Objects.equals(have.plannedStartDate(), want.plannedStartDate())
                && Objects.equals(have.plannedCriticalDate(), want.plannedCriticalDate())
                && Objects.equals(have.plannedShipmentDate(), want.plannedShipmentDate())
                && compare(have.estimatedHours(), want.estimatedHours()) && sameMoney(have.grandTotalPrice(), want.grandTotalPrice());
    }

    static boolean sameMoney(Money a, Money b) {
        if (a == null || b == null) {
            return a == b;
        }
        return compare(a.value(), b.value()) && Objects.equals(a.currencyCode(), b.currencyCode());
    }

    static boolean compare(java.math.BigDecimal a, java.math.BigDecimal b) {
        return a == null || b == null ? a == b : a.compareTo(b) == 0;
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
