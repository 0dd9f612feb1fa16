package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalWorkOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Translator: a PPak work order row becomes a canonical work order; {@code Materials} is {@code code:qty;…}. */
public final class WorkOrderRowTranslator {

    public ChunkOutcome<CanonicalWorkOrder> translate(RowChunk chunk) {
        return ChunkOutcome.translate(chunk, (cells, col, warn) -> {
            List<CanonicalWorkOrder.MaterialLine> materials;
            try {
                materials = materialLines(col.get(cells, "materials"));
            } catch (IllegalArgumentException e) {
                return ChunkOutcome.Verdict.reject("Materials " + e.getMessage());
            }
            return ChunkOutcome.Verdict.keep(CanonicalWorkOrder.unresolved(
                    col.get(cells, "work_order"),
                    col.get(cells, "job_id"),
                    col.get(cells, "description"),
                    col.get(cells, "purpose"),
                    col.get(cells, "status"),
                    col.get(cells, "type"),
                    warn.orNull(() -> PpakValues.date(col.get(cells, "start_date")), "start date"),
                    warn.orNull(() -> PpakValues.date(col.get(cells, "due_date")), "due date"),
                    warn.orNull(() -> PpakValues.number(col.get(cells, "estimated_hours")), "estimated hours"),
                    warn.orNull(() -> PpakValues.money(col.get(cells, "sell_price")), "sell price"),
                    materials));
        });
    }

    static List<CanonicalWorkOrder.MaterialLine> materialLines(String text) {
        List<CanonicalWorkOrder.MaterialLine> lines = new ArrayList<>();
        if (text == null) {
            return lines;
        }
        for (String part : text.split(";")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + item + "' is not code:quantity");
            }
            BigDecimal qty;
            try {
                qty = new BigDecimal(item.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item + "' has no numeric quantity");
            }
            if (!Double.isFinite(qty.doubleValue())) {
                throw new IllegalArgumentException("'" + item + "' has a quantity out of range");
            }
            lines.add(CanonicalWorkOrder.MaterialLine.unmapped(item.substring(0, colon).strip(), qty));
        }
        return lines;
    }
}
