package com.migrationhub.ppak;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Which files the PPak consumer takes (and a one-shot run counts): never hidden or partial
 * ({@code *.tmp}, {@code *.part}) files;
 * with a date range, only exports dated inside it (inclusive). Unknown names are taken so they reach
 * the dead letters instead of lying in the inbox unexplained.
 */
public final class ExportSelection implements GenericFileFilter<Object> {

    private final LocalDate from;
    private final LocalDate to;

    public ExportSelection(String dateRange) {
        if (dateRange == null || dateRange.isBlank()) {
            this.from = null;
            this.to = null;
            return;
        }
        String[] parts = dateRange.split(",");
        if (parts.length != 2) {
            throw new com.migrationhub.core.HubConfigurationException(
                    "--date-range must be FROM,TO (YYYY-MM-DD,YYYY-MM-DD), got '" + dateRange + "'");
        }
        try {
            this.from = LocalDate.parse(parts[0].strip());
            this.to = LocalDate.parse(parts[1].strip());
        } catch (DateTimeParseException e) {
            throw new com.migrationhub.core.HubConfigurationException(
                    "--date-range must be FROM,TO (YYYY-MM-DD,YYYY-MM-DD), got '" + dateRange + "'");
        }
        if (from.isAfter(to)) {
            throw new com.migrationhub.core.HubConfigurationException("--date-range starts after it ends: " + dateRange);
        }
    }

    public boolean accepts(String name) {
        String lower = name.toLowerCase();
        // Camel's own read-lock markers (*.camelLock) are never exports either.
        if (name.startsWith(".") || lower.endsWith(".tmp") || lower.endsWith(".part") || lower.endsWith(".camellock")) {
            return false;
        }
        if (from == null) {
            return true;
        }
        return ExportName.parse(name)
                .map(e -> !e.date().isBefore(from) && !e.date().isAfter(to))
                .orElse(false);
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        return !file.isDirectory() && com.migrationhub.core.InboxSweep.takeable(file) && accepts(file.getFileName());
    }
}
