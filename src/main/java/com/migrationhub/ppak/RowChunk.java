package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.SourceRow;
import java.util.List;

/**
 * A few thousand rows of one export, the unit that travels through the route and commits together;
 * {@code sequence} is its place in the file (0, 1, 2 …), the order in which chunks must load.
 */
public record RowChunk(BatchRun batch, ExportName export, Columns columns, List<SourceRow> rows, long sequence) {

    public ExportKind kind() {
        return export.kind();
    }
}
