package com.migrationhub.innergy.api;

import java.time.LocalDate;
import java.util.List;

/**
 * The body of a project create (one item of the array) or edit (full replacement, no Id). Its date
 * names differ from the GET names ({@code FirstDeliveryDate} vs {@code FirstDelivery}), as on the real
 * API. Required: Name, ExternalId, CustomerName.
 */
public record ProjectInput(String number, String name, String externalId, String customerName, String status,
                           String workflowStepName, Address address, LocalDate firstDeliveryDate,
                           LocalDate substantialCompletionDate, Money totalContract, String masterNote, List<String> tags) {
}
