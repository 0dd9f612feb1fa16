package com.migrationhub.innergy.sandbox;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.innergy.InnergyJson;
import com.migrationhub.innergy.api.CustomerRef;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.innergy.api.ProjectInput;
import com.migrationhub.innergy.api.WorkOrder;
import com.migrationhub.innergy.api.WorkOrderInput;
import com.migrationhub.innergy.api.WorkOrderList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The sandbox's INNERGY tenant: projects, work orders and materials in memory (and in a JSON file when
 * asked), with the contract's rules — required fields, unique numbers and external ids, 400 for
 * duplicates or invalid input (never 409), 404 for unknown ids, a whole create refused when one item is bad.
 */
final class SandboxStore {

    private static final Set<String> WORK_ORDER_TYPES = Set.of("Production", "Drafting", "Installation");
    private static final Set<String> MATERIAL_STATUSES = Set.of(Material.ACTIVE, Material.INACTIVE);

    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, WorkOrder> workOrders = new LinkedHashMap<>();
    private final Map<String, Material> materials = new LinkedHashMap<>();
    private final Path file;
    private long nextProjectNumber = 100001;
    private long nextWorkOrderNumber = 1;

    SandboxStore(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                seed(InnergyJson.strict().readValue(Files.readAllBytes(file), SandboxData.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sandbox data " + file, e);
            }
        }
    }

    // ---- projects

    synchronized List<Project> projects() {
        return List.copyOf(projects.values());
    }

    synchronized Project project(String id) {
        Project p = projects.get(checkId(id));
        if (p == null) {
            throw SandboxError.notFound("Project " + id + " not found");
        }
        return p;
    }

    synchronized List<Project> createProjects(List<ProjectInput> inputs) {
        List<String> problems = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        Set<String> externalIds = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            ProjectInput in = inputs.get(i);
            String at = "Item " + i + ": ";
            if (in == null) {
                problems.add(at + "null");
                continue;
            }
            projectProblems(in, null, at, problems);
            if (in.number() != null && !numbers.add(in.number())) {
                problems.add(at + "Number '" + in.number() + "' repeated in the request");
            }
            if (in.externalId() != null && !externalIds.add(in.externalId())) {
                problems.add(at + "ExternalId '" + in.externalId() + "' repeated in the request");
            }
        }
        if (!problems.isEmpty()) {
            throw SandboxError.badRequest(problems);
        }
        Instant now = now();
        List<Project> created = new ArrayList<>();
        for (ProjectInput in : inputs) {
            String number = in.number() != null ? in.number() : "PO-" + nextProjectNumber++;
            Project p = project(UUID.randomUUID().toString(), number, in, now, now);
            projects.put(p.id(), p);
            created.add(p);
        }
        persist();
        return created;
    }

    synchronized Project editProject(String id, ProjectInput in) {
        Project old = project(id);
        List<String> problems = new ArrayList<>();
        projectProblems(in, id, "", problems);
        if (!problems.isEmpty()) {
            throw SandboxError.badRequest(problems);
        }
        String number = in.number() != null ? in.number() : old.number();
        Project p = project(id, number, in, old.createdOn(), now());
        projects.put(id, p);
        if (!number.equals(old.number()) || !Objects.equals(p.name(), old.name())) {
            workOrders.replaceAll((k, w) -> w.projectNumber().equals(old.number()) ? withProject(w, p) : w);
        }
        persist();
        return p;
    }

    private void projectProblems(ProjectInput in, String selfId, String at, List<String> problems) {
        if (blank(in.name())) {
            problems.add(at + "Name is required");
        }
        if (blank(in.externalId())) {
            problems.add(at + "ExternalId is required");
        }
        if (blank(in.customerName())) {
            problems.add(at + "CustomerName is required");
        }
        for (Project other : projects.values()) {
            if (other.id().equals(selfId)) {
                continue;
            }
            if (in.number() != null && in.number().equals(other.number())) {
                problems.add(at + "A project with Number '" + in.number() + "' already exists");
            }
            if (in.externalId() != null && in.externalId().equals(other.externalId())) {
                problems.add(at + "A project with ExternalId '" + in.externalId() + "' already exists");
            }
        }
    }

    private static Project project(String id, String number, ProjectInput in, Instant created, Instant modified) {
        CustomerRef customer = new CustomerRef(
                UUID.nameUUIDFromBytes(in.customerName().getBytes(StandardCharsets.UTF_8)).toString(), in.customerName());
        return new Project(id, number, in.name(), in.externalId(), in.status(), in.workflowStepName(), customer,
                in.address(), in.firstDeliveryDate(), in.substantialCompletionDate(), in.totalContract(), created, modified,
                in.tags() == null ? List.of() : in.tags(), in.masterNote());
    }

    private Project projectByNumber(String number) {
        return projects.values().stream().filter(p -> p.number().equals(number)).findFirst()
                .orElseThrow(() -> SandboxError.notFound("Project " + number + " not found"));
    }

    // ---- work orders

    synchronized WorkOrderList workOrders(String projectNumber) {
        Project p = projectByNumber(projectNumber);
        return new WorkOrderList(p.number(), p.name(),
                workOrders.values().stream().filter(w -> w.projectNumber().equals(p.number())).toList());
    }

    synchronized List<WorkOrder> createWorkOrders(String projectNumber, List<WorkOrderInput> inputs) {
        Project p = projectByNumber(projectNumber);
        List<String> problems = new ArrayList<>();
        Set<String> externalIds = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            WorkOrderInput in = inputs.get(i);
            String at = "Item " + i + ": ";
            if (in == null) {
                problems.add(at + "null");
                continue;
            }
            workOrderProblems(in, null, at, problems);
            if (in.externalIdentifier() != null && !externalIds.add(in.externalIdentifier())) {
                problems.add(at + "ExternalIdentifier '" + in.externalIdentifier() + "' repeated in the request");
            }
        }
        if (!problems.isEmpty()) {
            throw SandboxError.badRequest(problems);
        }
        List<WorkOrder> created = new ArrayList<>();
        for (WorkOrderInput in : inputs) {
            String number = in.number() != null ? in.number() : p.number() + "-" + nextWorkOrderNumber++;
            WorkOrder w = workOrder(UUID.randomUUID().toString(), number, in, p);
            workOrders.put(w.id(), w);
            created.add(w);
        }
        persist();
        return created;
    }

    synchronized WorkOrder editWorkOrder(String id, WorkOrderInput in) {
        WorkOrder old = workOrders.get(checkId(id));
        if (old == null) {
            throw SandboxError.notFound("Work order " + id + " not found");
        }
        List<String> problems = new ArrayList<>();
        workOrderProblems(in, id, "", problems);
        if (!problems.isEmpty()) {
            throw SandboxError.badRequest(problems);
        }
        Project p = projectByNumber(old.projectNumber());
        WorkOrder w = workOrder(id, in.number() != null ? in.number() : old.number(), in, p);
        workOrders.put(id, w);
        persist();
        return w;
    }

    private void workOrderProblems(WorkOrderInput in, String selfId, String at, List<String> problems) {
        if (blank(in.name())) {
            problems.add(at + "Name is required");
        }
        if (in.type() != null && !WORK_ORDER_TYPES.contains(in.type())) {
            problems.add(at + "Type must be one of " + WORK_ORDER_TYPES + ", got '" + in.type() + "'");
        }
        if (in.externalIdentifier() != null) {
            for (WorkOrder other : workOrders.values()) {
                if (!other.id().equals(selfId) && in.externalIdentifier().equals(other.externalIdentifier())) {
                    problems.add(at + "A work order with ExternalIdentifier '" + in.externalIdentifier() + "' already exists");
                }
            }
        }
    }

    private static WorkOrder workOrder(String id, String number, WorkOrderInput in, Project p) {
        return new WorkOrder(id, number, in.name(), in.type(), in.status(), in.externalIdentifier(), in.plannedStartDate(),
                in.plannedCriticalDate(), in.plannedShipmentDate(), in.estimatedHours(), in.grandTotalPrice(), p.number(),
                p.name());
    }

    private static WorkOrder withProject(WorkOrder w, Project p) {
        return new WorkOrder(w.id(), w.number(), w.name(), w.type(), w.status(), w.externalIdentifier(), w.plannedStartDate(),
                w.plannedCriticalDate(), w.plannedShipmentDate(), w.estimatedHours(), w.grandTotalPrice(), p.number(), p.name());
    }

    // ---- materials

    synchronized List<Material> materials(String status) {
        if (status != null && !MATERIAL_STATUSES.contains(status)) {
            throw SandboxError.badRequest("status must be Active or Inactive, got '" + status + "'");
        }
        return materials.values().stream().filter(m -> status == null || status.equals(m.status())).toList();
    }

    synchronized List<Material> createMaterials(List<Material> inputs) {
        List<String> problems = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            Material in = inputs.get(i);
            String at = "Item " + i + ": ";
            if (in == null) {
                problems.add(at + "null");
                continue;
            }
            materialProblems(in, null, at, problems);
            if (in.sku() != null && !skus.add(in.sku())) {
                problems.add(at + "Sku '" + in.sku() + "' repeated in the request");
            }
        }
        if (!problems.isEmpty()) {
            throw SandboxError.badRequest(problems);
        }
        Instant now = now();
        List<Material> created = new ArrayList<>();
        for (Material in : inputs) {
            Material m = material(UUID.randomUUID().toString(), in, in.status() == null ? Material.ACTIVE : in.status(), now, now);
            materials.put(m.id(), m);
            created.add(m);
        }
        persist();
        return created;
    }

    synchronized Material editMaterial(String id, Material in) {
        Material old = material(id);
        List<String> problems = new ArrayList<>();
        materialProblems(in, id, "", problems);
        if (!problems.isEmpty()) {
            throw SandboxError.badRequest(problems);
        }
        Material m = material(id, in, in.status() == null ? old.status() : in.status(), old.createdOn(), now());
        materials.put(id, m);
        persist();
        return m;
    }

    synchronized Material deactivateMaterial(String id) {
        Material old = material(id);
        if (Material.INACTIVE.equals(old.status())) {
            return old;
        }
        Material m = material(id, old, Material.INACTIVE, old.createdOn(), now());
        materials.put(id, m);
        persist();
        return m;
    }

    private Material material(String id) {
        Material m = materials.get(checkId(id));
        if (m == null) {
            throw SandboxError.notFound("Material " + id + " not found");
        }
        return m;
    }

    private void materialProblems(Material in, String selfId, String at, List<String> problems) {
        for (String[] field : new String[][] {{"Sku", in.sku()}, {"Name", in.name()}, {"Category", in.category()},
                {"BaseUoM", in.baseUoM()}}) {
            if (blank(field[1])) {
                problems.add(at + field[0] + " is required");
            }
        }
        if (in.status() != null && !MATERIAL_STATUSES.contains(in.status())) {
            problems.add(at + "Status must be Active or Inactive, got '" + in.status() + "'");
        }
        if (in.sku() != null) {
            for (Material other : materials.values()) {
                if (!other.id().equals(selfId) && in.sku().equals(other.sku())) {
                    problems.add(at + "A material with Sku '" + in.sku() + "' already exists");
                }
            }
        }
    }

    private static Material material(String id, Material in, String status, Instant created, Instant modified) {
        return new Material(id, in.sku(), in.name(), in.description(), in.category(), in.subcategory(), in.baseUoM(),
                in.purchasingUoM(), in.cost(), in.vendor(), in.vendorPartNumber(), in.leadTimeDays(),
                in.minimumOrderQuantity(), status, in.externalIdentifier(), created, modified);
    }

    // ---- admin

    synchronized void reset() {
        projects.clear();
        workOrders.clear();
        materials.clear();
        nextProjectNumber = 100001;
        nextWorkOrderNumber = 1;
        persist();
    }

    /** Adds (or replaces by Id) the given records; records without an Id get one. */
    synchronized void seed(SandboxData data) {
        Instant now = now();
        for (Project p : data.projects()) {
            String id = p.id() == null ? UUID.randomUUID().toString() : checkId(p.id());
            projects.put(id, new Project(id, p.number() == null ? "PO-" + nextProjectNumber++ : p.number(), p.name(),
                    p.externalId(), p.status(), p.workflowStepName(), p.customer(), p.address(), p.firstDelivery(),
                    p.substantialCompletion(), p.totalContract(), p.createdOn() == null ? now : p.createdOn(),
                    p.modifiedOn() == null ? now : p.modifiedOn(), p.tags() == null ? List.of() : p.tags(), p.masterNote()));
        }
        for (WorkOrder w : data.workOrders()) {
            String id = w.id() == null ? UUID.randomUUID().toString() : checkId(w.id());
            workOrders.put(id, new WorkOrder(id, w.number(), w.name(), w.type(), w.status(), w.externalIdentifier(),
                    w.plannedStartDate(), w.plannedCriticalDate(), w.plannedShipmentDate(), w.estimatedHours(),
                    w.grandTotalPrice(), w.projectNumber(), w.projectName()));
        }
        for (Material m : data.materials()) {
            String id = m.id() == null ? UUID.randomUUID().toString() : checkId(m.id());
            materials.put(id, material(id, m, m.status() == null ? Material.ACTIVE : m.status(),
                    m.createdOn() == null ? now : m.createdOn(), m.modifiedOn() == null ? now : m.modifiedOn()));
        }
        persist();
    }

    synchronized SandboxData snapshot() {
        return new SandboxData(List.copyOf(projects.values()), List.copyOf(workOrders.values()), List.copyOf(materials.values()));
    }

    private void persist() {
        if (file != null) {
            try {
                AtomicFiles.writeString(file, InnergyJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(snapshot()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write sandbox data " + file, e);
            }
        }
    }

    private static String checkId(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            throw SandboxError.badRequest("Invalid Id");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
