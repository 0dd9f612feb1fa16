package com.migrationhub.ppak;

import com.migrationhub.core.SourceRow;

/** The one structural rule every export row obeys: as many cells as the header has columns. */
final class RowShape {

    private RowShape() {
    }

    static String problem(Columns columns, SourceRow row) {
        int n = row.cells().size();
        if (n == columns.width()) {
            return null;
        }
        return "wrong number of cells: expected " + columns.width() + ", found " + n;
    }
}
