package com.migrationhub.innergy;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.Json;
import com.migrationhub.innergy.InnergyPaths.Operation;
import com.migrationhub.innergy.api.CustomerRef;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.innergy.api.ProjectInput;
import com.migrationhub.innergy.api.WorkOrder;
import com.migrationhub.innergy.api.WorkOrderInput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of one run. Live, they go to INNERGY; in dry-run they are only written down — method,
 * path and body of every request that would be sent (never the key) — and answered with what INNERGY
 * would plausibly return, so the rest of the run (and its report) is the same as a live one.
 */
public final class InnergyWrites {

    public static final String DRY_RUN_ID = "dry-run:";

    private final InnergyClient client;
    private final InnergyPaths paths;
    private final boolean live;
    private final List<Map<String, Object>> plan = new ArrayList<>();

    public InnergyWrites(InnergyClient client, InnergyPaths paths, boolean live) {
        this.client = client;
        this.paths = paths;
        this.live = live;
    }

    public boolean live() {
        return live;
    }

    public Project createProject(ProjectInput in) {
        if (live) {
            return client.createProjects(List.of(in)).get(0);
        }
        plan("POST", paths.path(Operation.PROJECT_CREATE), List.of(in));
        return new Project(DRY_RUN_ID + in.externalId(), in.number(), in.name(), in.externalId(), in.status(),
                in.workflowStepName(), new CustomerRef(null, in.customerName()), in.address(), in.firstDeliveryDate(),
                in.substantialCompletionDate(), in.totalContract(), null, null, in.tags(), in.masterNote());
    }

    public void editProject(String id, ProjectInput in) {
        if (live) {
            client.editProject(id, in);
        } else {
            plan("POST", paths.path(Operation.PROJECT_EDIT, "id", id), in);
        }
    }

    public WorkOrder createWorkOrder(String projectNumber, WorkOrderInput in) {
        if (live) {
            return client.createWorkOrders(projectNumber, List.of(in)).get(0);
        }
        plan("POST", paths.path(Operation.WORK_ORDER_CREATE, "projectNumber", projectNumber), List.of(in));
        return new WorkOrder(DRY_RUN_ID + in.externalIdentifier(), in.number(), in.name(), in.type(), in.status(),
                in.externalIdentifier(), in.plannedStartDate(), in.plannedCriticalDate(), in.plannedShipmentDate(),
                in.estimatedHours(), in.grandTotalPrice(), projectNumber, null);
    }

    public void editWorkOrder(String id, WorkOrderInput in) {
        if (live) {
            client.editWorkOrder(id, in);
        } else {
            plan("POST", paths.path(Operation.WORK_ORDER_EDIT, "id", id), in);
        }
    }

    public List<Material> createMaterials(List<Material> materials) {
        if (live) {
            return client.createMaterials(materials);
        }
        plan("POST", paths.path(Operation.MATERIAL_CREATE), materials.stream().map(Material::asInput).toList());
        return materials;
    }

    public void editMaterial(String id, Material m) {
        if (live) {
            client.editMaterial(id, m);
        } else {
            plan("POST", paths.path(Operation.MATERIAL_EDIT, "id", id), m.asInput());
        }
    }

    public void deactivateMaterial(String id) {
        if (live) {
            client.deactivateMaterial(id);
        } else {
            plan("POST", paths.path(Operation.MATERIAL_DEACTIVATE, "id", id), null);
        }
    }

    private void plan(String method, String path, Object body) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("path", path);
        request.put("body", body == null ? null : readTree(InnergyJson.write(body)));
        synchronized (plan) {
            request.put("sequence", plan.size() + 1);
            plan.add(request);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return InnergyJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int plannedRequests() {
        synchronized (plan) {
            return plan.size();
        }
    }

    /** Writes {@code outbox/innergy/plan_<ts>.json}: every request the run would have sent. */
    public Path writePlan(Path folder, String command, String stamp) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("mode", "dry-run");
        doc.put("base_url", client == null ? null : client.baseUrl());
        doc.put("generated", Instant.now().toString());
        synchronized (plan) {
            doc.put("request_count", plan.size());
            doc.put("requests", List.copyOf(plan));
        }
        return AtomicFiles.writeString(folder.resolve("plan_" + stamp + ".json"), Json.pretty(doc));
    }
}
