package com.migrationhub.innergy.sandbox;

import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.innergy.api.WorkOrder;
import java.util.List;

/** Everything the sandbox holds, as seeded, persisted to {@code --data FILE} and listed by {@code /__admin/data}. */
public record SandboxData(List<Project> projects, List<WorkOrder> workOrders, List<Material> materials) {

    public SandboxData {
        projects = projects == null ? List.of() : List.copyOf(projects);
        workOrders = workOrders == null ? List.of() : List.copyOf(workOrders);
        materials = materials == null ? List.of() : List.copyOf(materials);
    }

    public static SandboxData empty() {
        return new SandboxData(List.of(), List.of(), List.of());
    }
}
