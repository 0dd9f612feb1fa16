package com.migrationhub.innergy.api;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The body of a work-order create (one item of the array) or edit (full replacement). Required: Name. */
public record WorkOrderInput(String number, String name, String type, String status, String externalIdentifier,
                             LocalDate plannedStartDate, LocalDate plannedCriticalDate, LocalDate plannedShipmentDate,
                             BigDecimal estimatedHours, Money grandTotalPrice) {
}
