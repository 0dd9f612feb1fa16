package com.migrationhub.innergy.api;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A work order as INNERGY answers it; {@code Type} is Production, Drafting or Installation. */
public record WorkOrder(String id, String number, String name, String type, String status, String externalIdentifier,
                        LocalDate plannedStartDate, LocalDate plannedCriticalDate, LocalDate plannedShipmentDate,
                        BigDecimal estimatedHours, Money grandTotalPrice, String projectNumber, String projectName) {
}
