package com.migrationhub.innergy.api;

import java.util.List;

/** {@code GET /api/projects/{projectNumber}/workorders}: the project and its work orders. */
public record WorkOrderList(String projectNumber, String projectName, List<WorkOrder> items) {
}
