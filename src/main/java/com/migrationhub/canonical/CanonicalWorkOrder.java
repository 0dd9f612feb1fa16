package com.migrationhub.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A work order in the canonical model, under the project its PPak job id resolves to. */
public record CanonicalWorkOrder(
        String workOrderNumber,
        String projectNumber,
        String ppakJobId,
        String description,
        String purpose,
        String status,
        String type,
        LocalDate startDate,
        LocalDate dueDate,
        BigDecimal estimatedHours,
        BigDecimal sellPrice,
        List<MaterialLine> materials) implements CanonicalRecord {

    public record MaterialLine(String ppakCode, String sku, boolean mapped, BigDecimal quantity) {

        /** A line as PPak names it: its SKU comes later, from the mapping tables. */
        public static MaterialLine unmapped(String ppakCode, BigDecimal quantity) {
            return new MaterialLine(ppakCode, null, false, quantity);
        }
    }

    /** A work order as PPak names it: its project is resolved later, from its PPak job id. */
    public static CanonicalWorkOrder unresolved(String workOrderNumber, String ppakJobId, String description, String purpose,
                                                String status, String type, LocalDate startDate, LocalDate dueDate,
                                                BigDecimal estimatedHours, BigDecimal sellPrice, List<MaterialLine> materials) {
        return new CanonicalWorkOrder(workOrderNumber, null, ppakJobId, description, purpose, status, type, startDate, dueDate,
                estimatedHours, sellPrice, materials);
    }

    @Override
    public String naturalKey() {
        return workOrderNumber;
    }

    public CanonicalWorkOrder withResolution(String projectNumber, List<MaterialLine> materials) {
        return new CanonicalWorkOrder(workOrderNumber, projectNumber, ppakJobId, description, purpose, status, type,
                startDate, dueDate, estimatedHours, sellPrice, materials);
    }
}
