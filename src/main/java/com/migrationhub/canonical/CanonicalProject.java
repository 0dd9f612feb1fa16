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

    /** A project as its source names it: its canonical status and phase come later, from the mapping tables. */
    public static CanonicalProject unmapped(String projectNumber, String ppakJobId, String name, String projectType,
                                            String ppakStatus, String ppakPhase, String customer, Contact contact,
                                            Address address, LocalDate startDate, LocalDate dueDate, BigDecimal sellPrice,
                                            BigDecimal percentComplete, String notes) {
        return new CanonicalProject(projectNumber, ppakJobId, name, projectType, null, null, null, null, ppakStatus, ppakPhase,
                customer, contact, address, startDate, dueDate, sellPrice, percentComplete, notes);
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
