package com.migrationhub.innergy.sandbox;

import java.util.Map;

/**
 * One call the sandbox received ({@code GET /__admin/requests}), the API key removed: Status is 0 when
 * the connection was dropped; Applied says whether a write took effect.
 */
public record RecordedRequest(long sequence, String time, String method, String path, String query,
                              Map<String, String> headers, String body, int status, boolean dropped, boolean applied,
                              String correlationId) {
}
