package com.migrationhub.core;

import java.util.List;

/** One parsed input row: where it stood in the file and its cells exactly as read. */
public record SourceRow(long line, List<String> cells) {
}
