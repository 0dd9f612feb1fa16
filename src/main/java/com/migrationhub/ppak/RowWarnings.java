package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import java.util.Optional;
import java.util.function.Supplier;

/** An unparseable optional value becomes null with a warning in the batch report, not a reject. */
final class RowWarnings {

    private final BatchRun batch;
    private final String file;
    private final long line;

    RowWarnings(BatchRun batch, String file, long line) {
        this.batch = batch;
        this.file = file;
        this.line = line;
    }

    <T> T orNull(Supplier<Optional<T>> parse, String what) {
        try {
            return parse.get().orElse(null);
        } catch (IllegalArgumentException e) {
            batch.warn(file + " line " + line + ": " + what + " " + e.getMessage() + ", stored as null");
            return null;
        }
    }
}
