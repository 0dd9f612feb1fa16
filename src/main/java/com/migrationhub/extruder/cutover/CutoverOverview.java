package com.migrationhub.extruder.cutover;

import com.fasterxml.jackson.core.type.TypeReference;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.Json;
import com.migrationhub.extruder.DbWritesFlag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/cutover}, the console's Cut-over page: per target the runbook's checklist and the newest
 * {@code cutover_check_<target>_*.json}, and the db-writes lever with where its value comes from. Read from the home
 * only (the files the cut-over commands write), so it answers whether or not the extruder database is up.
 */
public final class CutoverOverview {

    private final Checklist checklist;
    private final DbWritesFlag dbWrites;
    private final Path reports;

    public CutoverOverview(Checklist checklist, DbWritesFlag dbWrites, Path reports) {
        this.checklist = checklist;
        this.dbWrites = dbWrites;
        this.reports = reports;
    }

    public static CutoverOverview of(HubSettings settings) {
        return new CutoverOverview(Checklist.of(settings), DbWritesFlag.of(settings), settings.home().reports());
    }

    public Map<String, Object> answer() {
        Checklist.State state = checklist.read();
        Map<String, Object> targets = new LinkedHashMap<>();
        for (Target t : Target.values()) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("checklist", state.items(t.label()).values().stream().map(Checklist.Item::toMap).toList());
            target.put("last_check", lastCheck(t));
            targets.put(t.label(), target);
        }
        Map<String, Object> lever = new LinkedHashMap<>();
        lever.put("on", dbWrites.getAsBoolean());
        lever.put("source", dbWrites.source());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active_target", state.active);
        answer.put("targets", targets);
        answer.put("db_writes", lever);
        return answer;
    }

    /** The newest pre-check report of the target (the time stamp in its name sorts), with its file; null before any. */
    private Map<String, Object> lastCheck(Target target) {
        Path newest = null;
        if (Files.isDirectory(reports)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(reports, "cutover_check_" + target.label() + "_*.json")) {
                for (Path p : found) {
                    if (newest == null || p.getFileName().toString().compareTo(newest.getFileName().toString()) > 0) {
                        newest = p;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + reports, e);
            }
        }
        if (newest == null) {
            return null;
        }
        try {
            Map<String, Object> report = new LinkedHashMap<>(Json.mapper().readValue(newest.toFile(), new TypeReference<Map<String, Object>>() { }));
            report.put("report", newest.toString());
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + newest, e);
        }
    }
}
