package com.migrationhub.innergy.api;

/** {@code GET /api/version}: the readiness probe. */
public record ServerVersion(String serverVersion) {
}
