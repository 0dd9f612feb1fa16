package com.migrationhub.innergy.api;

import java.util.List;

/** INNERGY's error answer; OutcomeType is Failure, AuthenticationError or ForbiddenError. */
public record ErrorBody(List<String> messages, String correlationId, String outcomeType) {
}
