package com.migrationhub.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A project in the canonical model; statuses and phases are canonical once enriched. */
public record CanonicalProject(
        String projectNumber,
        String ppakJobId,
        String name,
        String projectType,
        String status,
        String innergyStatus,
        String phase,
        String innergyPhase,
        String ppakStatus,
        String ppakPhase,
        String customer,
        Contact contact,
        Address address,
        LocalDate startDate,
        LocalDate dueDate,
        BigDecimal sellPrice,
        BigDecimal percentComplete,
        String notes) implements CanonicalRecord {

    public record Contact(String name, String email, String phone) {
    }

    public record Address(String line1, String city, String state, String zip) {
    }

    @Override
    public String naturalKey() {
        return projectNumber;
    }

    public CanonicalProject withMapping(String status, String innergyStatus, String phase, String innergyPhase) {
        return new CanonicalProject(projectNumber, ppakJobId, name, projectType, status, innergyStatus, phase, innergyPhase,
                ppakStatus, ppakPhase, customer, contact, address, startDate, dueDate, sellPrice, percentComplete, notes);
    }
}
