package com.migrationhub.core;

import java.util.concurrent.ExecutorService;

/** An executor the runtime shuts down with the hub. */
public record CloseableExecutor(ExecutorService executor) implements AutoCloseable {
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
