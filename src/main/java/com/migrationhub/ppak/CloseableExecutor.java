package com.migrationhub.ppak;

import java.util.concurrent.ExecutorService;

/** An executor the runtime shuts down with the hub. */
record CloseableExecutor(ExecutorService executor) implements AutoCloseable {
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
