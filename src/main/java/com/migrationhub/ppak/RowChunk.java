package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.SourceRow;
import java.util.List;

/** About a thousand rows of one export, the unit that travels through the route and commits together. */
public record RowChunk(BatchRun batch, ExportName export, Columns columns, List<SourceRow> rows) {

    public ExportKind kind() {
        return export.kind();
    }
}
