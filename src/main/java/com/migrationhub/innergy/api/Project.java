package com.migrationhub.innergy.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A project as INNERGY answers it (the real API's field names). Projects carry {@code ExternalId};
 * work orders and materials carry {@code ExternalIdentifier}.
 */
public record Project(String id, String number, String name, String externalId, String status, String workflowStepName,
                      CustomerRef customer, Address address, LocalDate firstDelivery, LocalDate substantialCompletion,
                      Money totalContract, Instant createdOn, Instant modifiedOn, List<String> tags, String masterNote) {
}
