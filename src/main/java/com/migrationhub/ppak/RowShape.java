package com.migrationhub.ppak;

import com.migrationhub.core.SourceRow;
import com.migrationhub.core.TextCells;

/**
 * The structural rules every export row obeys: as many cells as the header has columns, and no control character in a
 * cell but tabs and the line breaks of a quoted multi-line cell (the rule of every flow, {@link TextCells}).
 */
final class RowShape {

    private RowShape() {
    }

    static String problem(Columns columns, SourceRow row) {
        int n = row.cells().size();
        if (n != columns.width()) {
            return "wrong number of cells: expected " + columns.width() + ", found " + n;
        }
        for (int i = 0; i < n; i++) {
            String problem = TextCells.controlCharacterInMultiline(row.cells().get(i));
            if (problem != null) {
                return "cell " + (i + 1) + " holds " + problem;
            }
        }
        return null;
    }
}
