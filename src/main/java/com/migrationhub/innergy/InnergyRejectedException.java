package com.migrationhub.innergy;

import java.util.List;

/**
 * INNERGY refused one request (400 invalid or duplicate input, 404 unknown id): an outcome for that
 * record (a dead letter), not for the whole run. Carries INNERGY's own messages.
 */
public class InnergyRejectedException extends RuntimeException {

    private final int status;
    private final List<String> messages;
    private final String correlationId;

    public InnergyRejectedException(int status, String request, List<String> messages, String correlationId) {
        super("INNERGY refused " + request + " (HTTP " + status + "): "
                + (messages.isEmpty() ? "no message" : String.join("; ", messages))
                + (correlationId == null ? "" : " [correlation " + correlationId + "]"));
        this.status = status;
        this.messages = List.copyOf(messages);
        this.correlationId = correlationId;
    }

    public int status() { return status; }
    public List<String> messages() { return messages; }
    public String correlationId() { return correlationId; }

    /** INNERGY's reasons, joined, for reports and dead letters. */
    public String reason() {
        return "HTTP " + status + ": " + (messages.isEmpty() ? "no message" : String.join("; ", messages));
    }
}
