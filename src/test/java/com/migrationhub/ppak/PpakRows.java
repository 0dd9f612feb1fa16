package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.SourceRow;
import java.util.ArrayList;
import java.util.List;

/** PPak export headers as the shipped samples have them, and chunks of rows under them, for tests without Camel. */
final class PpakRows {

    static final List<String> PROJECT_HEADER = List.of("Job Id", "Job Number", "Description", "Job Type", "Job Status",
            "Phase", "Bill To Customer", "Job Contact", "Contact Email", "Contact Phone", "Address 1", "City", "State", "Zip",
            "Start Date", "Due Date", "Sell Price", "Percent Complete", "Notes");
    static final List<String> MATERIAL_HEADER = List.of("Inventory Code", "Description", "Category", "Stock UOM",
            "Avg Stock Unit Cost", "Vendor", "Vendor Stock Number", "Inactive", "Notes");
    static final List<String> WORK_ORDER_HEADER = List.of("Work Order", "Job Id", "Description", "Purpose", "Status",
            "Work Order Type", "Start Date", "Due Date", "Estimated Hours", "Sell Price", "Materials");

    private PpakRows() {
    }

    /** The rows as lines 2, 3, … of the export named {@code file}, in one chunk of the batch. */
    @SafeVarargs
    static RowChunk chunk(BatchRun run, String file, List<String> header, List<String>... rows) {
        ExportName export = ExportName.parse(file).orElseThrow();
        List<SourceRow> source = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            source.add(new SourceRow(i + 2, rows[i]));
        }
        return new RowChunk(run, export, Columns.resolve(export.kind(), header), source, 0);
    }
}
