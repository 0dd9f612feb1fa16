package com.migrationhub.extruder;

import com.migrationhub.core.SourceRow;
import java.util.List;

/** Lines of one log, as read (cells untouched, with their line numbers), on their way to the translator. */
public record LogChunk(LogIngest ingest, List<SourceRow> rows) {
}
