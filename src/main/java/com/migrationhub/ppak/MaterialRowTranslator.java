package com.migrationhub.ppak;

import com.migrationhub.core.SourceRow;

/** Translator: a PPak inventory row becomes a canonical material (SKU and UOM mapped later). */
public final class MaterialRowTranslator {

    public ChunkOutcome<CanonicalMaterial> translate(RowChunk chunk) {
        ChunkOutcome<CanonicalMaterial> outcome = new ChunkOutcome<>(chunk);
        Columns col = chunk.columns();
        for (SourceRow row : chunk.rows()) {
            String widthProblem = RowShape.problem(col, row);
            if (widthProblem != null) {
                outcome.reject(row, widthProblem);
                continue;
            }
            var cells = row.cells();
            RowWarnings warn = new RowWarnings(chunk.batch(), chunk.export().fileName(), row.line());
            boolean inactive;
            try {
                inactive = PpakValues.flag(col.get(cells, "inactive"));
            } catch (IllegalArgumentException e) {
                outcome.reject(row, "Inactive " + e.getMessage());
                continue;
            }
            String code = col.get(cells, "code");
            outcome.accept(row, new CanonicalMaterial(
                    code, code, null, false,
                    col.get(cells, "description"),
                    col.get(cells, "category"),
                    null,
                    col.get(cells, "uom"),
                    warn.orNull(() -> PpakValues.money(col.get(cells, "cost")), "cost"),
                    col.get(cells, "vendor"),
                    col.get(cells, "vendor_part"),
                    !inactive,
                    col.get(cells, "notes")));
        }
        return outcome;
    }
}
