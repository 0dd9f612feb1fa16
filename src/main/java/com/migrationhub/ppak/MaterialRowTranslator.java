package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalMaterial;
/** Translator: a PPak inventory row becomes a canonical material (SKU and UOM mapped later). */
public final class MaterialRowTranslator {

    public ChunkOutcome<CanonicalMaterial> translate(RowChunk chunk) {
        return ChunkOutcome.translate(chunk, (cells, col, warn) -> {
            boolean inactive;
            try {
                inactive = PpakValues.flag(col.get(cells, "inactive"));
            } catch (IllegalArgumentException e) {
                return ChunkOutcome.Verdict.reject("Inactive " + e.getMessage());
            }
            return ChunkOutcome.Verdict.keep(CanonicalMaterial.unmapped(
                    col.get(cells, "code"),
                    col.get(cells, "description"),
                    col.get(cells, "category"),
                    col.get(cells, "uom"),
                    warn.orNull(() -> PpakValues.money(col.get(cells, "cost")), "cost"),
                    col.get(cells, "vendor"),
                    col.get(cells, "vendor_part"),
                    !inactive,
                    col.get(cells, "notes")));
        });
    }
}
