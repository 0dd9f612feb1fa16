package com.migrationhub.extruder.cutover;

import com.migrationhub.extruder.DbWritesFlag;
import com.migrationhub.extruder.IngestReport;
import com.migrationhub.extruder.LogIngest;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The checklist's dual-write item, proven by the running service itself: a live block of the controller's own folder
 * stored in the database with writes on. Ticked once; {@code ./hub cutover db-writes off} un-ticks it.
 */
public final class DualWriteProof implements Consumer<LogIngest> {

    private final Checklist checklist;
    private final DbWritesFlag writes;
    private final Path reports;

    public DualWriteProof(Checklist checklist, DbWritesFlag writes, Path reports) {
        this.checklist = checklist;
        this.writes = writes;
        this.reports = reports;
    }

    @Override
    public void accept(LogIngest block) {
        if (!writes.getAsBoolean()) {
            return;
        }
        String target = checklist.read().active;
        if (checklist.isDone(target, "dual-write")) {
            return;
        }
        checklist.update(state -> checklist.mark(state, state.active, "dual-write", true, "the live tailer",
                reports.resolve(IngestReport.fileName(block.sourceFile())),
                "live block of " + block.sourceFile() + " stored to line " + block.lastLine() + " with database writes on"));
    }
}
