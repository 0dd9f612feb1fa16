package com.migrationhub.innergy.sandbox;

import java.util.List;

/** An answer the sandbox gives instead of a result: the status and INNERGY's error body. */
final class SandboxError extends RuntimeException {

    final int status;
    final String outcomeType;
    final List<String> messages;

    SandboxError(int status, String outcomeType, List<String> messages) {
        super(status + " " + messages, null, false, false);
        this.status = status;
        this.outcomeType = outcomeType;
        this.messages = List.copyOf(messages);
    }

    static SandboxError badRequest(String... messages) {
        return new SandboxError(400, "Failure", List.of(messages));
    }

    static SandboxError badRequest(List<String> messages) {
        return new SandboxError(400, "Failure", messages);
    }

    static SandboxError notFound(String message) {
        return new SandboxError(404, "Failure", List.of(message));
    }
}
