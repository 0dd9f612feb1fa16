package com.migrationhub.lineage;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.Instants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Traces extruder records: a run, a sample ({@code RUN:LINE}), a configuration profile ({@code NAME:VERSION}), a logger
 * event, an alarm. Every row carries its source file and line (or document) and its batch already: nothing is added
 * per row. A sample's trace also names its run, the profile version applied at that instant and the events and alarms
 * around it.
 */
final class ExtruderLineage {

    /** Events and alarms this close to a sample are "around" it. */
    private static final Duration AROUND = Duration.ofMinutes(5);

    private final LedgerReads reads;
    private final Database db;

    ExtruderLineage(LedgerReads reads, Database db) {
        this.reads = reads;
        this.db = db;
    }

    Optional<Trace> trace(Trace.Subject subject) {
        return switch (subject.kind()) {
            case "run" -> run(subject, Lineage.number(subject.key(), "a run id"));
            case "sample" -> sample(subject);
            case "profile" -> profile(subject);
            case "event" -> event(subject, Lineage.number(subject.key(), "an event id"));
            case "alarm" -> alarm(subject);
            default -> throw new com.migrationhub.core.BadRequestException("not an extruder kind: " + subject.kind());
        };
    }

    private Map<String, Object> one(String sql, Object... args) {
        List<Map<String, Object>> rows = db.withConnection(c -> Database.rows(c, sql, args));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private List<Map<String, Object>> rows(String sql, Object... args) {
        return db.withConnection(c -> Database.rows(c, sql, args));
    }

    private static Long asLong(Object v) {
        return v == null ? null : ((Number) v).longValue();
    }

    /** A sample's instant as either engine stores it: epoch milliseconds (SQLite) or a timestamptz read as ISO text. */
    private static Instant instant(Object v) {
        return v instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.parse(v.toString());
    }

    private static String asText(Object v) {
        return v == null ? null : v.toString();
    }

    /** A run's log: the archived original of its batch, or the archived path the run itself records. */
    private Trace.Source logSource(Map<String, Object> run, Long line, Long batchId) {
        BatchLedger.Batch batch = reads.batch(batchId);
        LedgerReads.Archived archived = batch == null ? null : reads.archived(batch);
        String recorded = asText(run.get("source_path"));
        if (archived == null && recorded != null && Files.isRegularFile(Path.of(recorded))) {
            Path p = Path.of(recorded);
            try {
                archived = new LedgerReads.Archived(p, Files.size(p), "UTF-8");
            } catch (java.io.IOException e) {
                archived = null;
            }
        }
        return reads.source(batch, asText(run.get("source_file")), line, LedgerReads.Unit.CSV_RECORD, archived);
    }

    private Optional<Trace> run(Trace.Subject subject, long id) {
        Map<String, Object> run = one("SELECT * FROM runs WHERE id = ?", id);
        if (run == null) {
            return Optional.empty();
        }
        Long batchId = asLong(run.get("batch_id"));
        LedgerReads.Timeline timeline = reads.new Timeline();
        Trace.Source source = logSource(run, 1L, batchId);
        timeline.add(source.arrived(), source.file() + " taken", batchId);
        timeline.add(asText(run.get("started_at")), "run " + id + " started", batchId);
        timeline.add(asText(run.get("ended_at")), "run " + id + " ended (" + run.get("sample_count") + " samples, "
                + run.get("status") + ")", batchId);
        List<DeadLetter> letters = reads.deadLetters("SELECT * FROM dead_letters WHERE flow = 'extruder' AND source_file = ? "
                + "ORDER BY id", asText(run.get("source_file")));
        reads.deadLetterSteps(timeline, letters);
        Map<String, Object> record = new LinkedHashMap<>(run);
        record.put("profile", profileOf(asLong(run.get("config_profile_id"))));
        return Optional.of(new Trace(subject, source, reads.ref(batchId), record, List.of(), List.of(),
                LedgerReads.refs(letters), List.of(), timeline.sorted()));
    }

    private Optional<Trace> sample(Trace.Subject subject) {
        String[] parts = split(subject.key(), "RUN:LINE");
        long runId = Lineage.number(parts[0], "a run id");
        long line = Lineage.number(parts[1], "a line number");
        Map<String, Object> sample = one("SELECT * FROM run_samples WHERE run_id = ? AND line = ?", runId, line);
        Map<String, Object> run = one("SELECT * FROM runs WHERE id = ?", runId);
        if (sample == null || run == null) {
            return Optional.empty();
        }
        Long batchId = asLong(sample.get("batch_id"));
        Instant at = instant(sample.get("recorded_at"));
        String atText = Instants.iso(at);
        String from = Instants.iso(at.minus(AROUND));
        String to = Instants.iso(at.plus(AROUND));
        LedgerReads.Timeline timeline = reads.new Timeline();
        Trace.Source source = logSource(run, line, batchId);
        timeline.add(source.arrived(), source.file() + " taken", batchId);
        timeline.add(atText, "sample recorded (line " + line + " of run " + runId + ")", batchId);

        Map<String, Object> applied = one("SELECT p.id, p.profile_name, p.version, e.applied_at, e.applied_by, e.batch_id "
                + "FROM config_applied_events e JOIN config_profiles p ON p.id = e.profile_id WHERE e.applied_at <= ? "
                + "ORDER BY e.applied_at DESC, e.id DESC LIMIT 1", atText);
        if (applied != null) {
            timeline.add(asText(applied.get("applied_at")), "profile " + applied.get("profile_name") + " version "
                    + applied.get("version") + " applied by " + applied.get("applied_by"), asLong(applied.get("batch_id")));
        }
        List<Map<String, Object>> events = rows("SELECT id, level, component, event, recorded_at, source_file, line, batch_id "
                + "FROM logger_events WHERE recorded_at >= ? AND recorded_at <= ? ORDER BY recorded_at, id LIMIT 50", from, to);
        events.forEach(e -> timeline.add(asText(e.get("recorded_at")), "event " + e.get("id") + ": " + e.get("level") + " "
                + e.get("event"), asLong(e.get("batch_id"))));
        List<Map<String, Object>> alarms = rows("SELECT alarm_id, type, severity, message, raised_at, acknowledged, cleared, "
                + "batch_id FROM alarms WHERE raised_at >= ? AND raised_at <= ? ORDER BY raised_at LIMIT 50", from, to);
        alarms.forEach(a -> timeline.add(asText(a.get("raised_at")), "alarm " + a.get("alarm_id") + ": " + a.get("type"),
                asLong(a.get("batch_id"))));
        List<DeadLetter> letters = reads.deadLetters("SELECT * FROM dead_letters WHERE source_file = ? AND line = ? "
                + "AND flow = 'extruder' ORDER BY id", asText(run.get("source_file")), line);
        reads.deadLetterSteps(timeline, letters);

        Map<String, Object> record = new LinkedHashMap<>(sample);
        record.put("recorded_at_iso", atText);
        record.put("run", run);
        record.put("profile", applied);
        record.put("events", events);
        record.put("alarms", alarms);
        return Optional.of(new Trace(subject, source, reads.ref(batchId), record, List.of(), List.of(),
                LedgerReads.refs(letters), List.of(), timeline.sorted()));
    }

    private Map<String, Object> profileOf(Long id) {
        return id == null ? null : one("SELECT id, profile_name, version, content_hash, created_at FROM config_profiles "
                + "WHERE id = ?", id);
    }

    private Optional<Trace> profile(Trace.Subject subject) {
        String key = subject.key();
        int colon = key.lastIndexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
            throw new com.migrationhub.core.BadRequestException("the key must be NAME:VERSION, not '" + key + "'");
        }
        String name = key.substring(0, colon);
        long version = Lineage.number(key.substring(colon + 1), "a version");
        Map<String, Object> profile = one("SELECT * FROM config_profiles WHERE profile_name = ? AND version = ?", name, version);
        if (profile == null) {
            return Optional.empty();
        }
        Long batchId = asLong(profile.get("batch_id"));
        BatchLedger.Batch batch = reads.batch(batchId);
        Trace.Source source = reads.source(batch, asText(profile.get("source_file")), null, LedgerReads.Unit.DOCUMENT);
        LedgerReads.Timeline timeline = reads.new Timeline();
        timeline.add(source.arrived(), source.file() + " taken", batchId);
        List<Trace.Version> versions = new ArrayList<>();
        List<Map<String, Object>> all = rows("SELECT version, batch_id, created_at, content_hash FROM config_profiles "
                + "WHERE profile_name = ? ORDER BY version", name);
        for (int i = 0; i < all.size(); i++) {
            Map<String, Object> v = all.get(i);
            versions.add(new Trace.Version(asLong(v.get("batch_id")) == null ? 0 : asLong(v.get("batch_id")),
                    asText(v.get("created_at")), asText(v.get("content_hash")),
                    i + 1 < all.size() ? asLong(all.get(i + 1).get("batch_id")) : null));
            timeline.add(asText(v.get("created_at")), "version " + v.get("version") + " stored", asLong(v.get("batch_id")));
        }
        rows("SELECT applied_at, applied_by, source_file, batch_id FROM config_applied_events WHERE profile_id = ? ORDER BY "
                + "applied_at", profile.get("id")).forEach(e -> timeline.add(asText(e.get("applied_at")), "applied by "
                + e.get("applied_by") + " (" + e.get("source_file") + ")", asLong(e.get("batch_id"))));
        return Optional.of(new Trace(subject, source, reads.ref(batchId), profile, List.of(), versions, List.of(), List.of(),
                timeline.sorted()));
    }

    private Optional<Trace> event(Trace.Subject subject, long id) {
        Map<String, Object> event = one("SELECT * FROM logger_events WHERE id = ?", id);
        if (event == null) {
            return Optional.empty();
        }
        Long batchId = asLong(event.get("batch_id"));
        Trace.Source source = reads.source(reads.batch(batchId), asText(event.get("source_file")), asLong(event.get("line")),
                LedgerReads.Unit.LINE);
        LedgerReads.Timeline timeline = reads.new Timeline();
        timeline.add(source.arrived(), source.file() + " taken", batchId);
        timeline.add(asText(event.get("recorded_at")), event.get("level") + " " + event.get("event")
                + (event.get("run_id") == null ? "" : " during run " + event.get("run_id")), batchId);
        return Optional.of(new Trace(subject, source, reads.ref(batchId), event, List.of(), List.of(), List.of(), List.of(),
                timeline.sorted()));
    }

    private Optional<Trace> alarm(Trace.Subject subject) {
        Map<String, Object> alarm = one("SELECT * FROM alarms WHERE alarm_id = ?", subject.key());
        if (alarm == null) {
            return Optional.empty();
        }
        Long batchId = asLong(alarm.get("batch_id"));
        Trace.Source source = reads.source(reads.batch(batchId), asText(alarm.get("source_file")), null, LedgerReads.Unit.DOCUMENT);
        LedgerReads.Timeline timeline = reads.new Timeline();
        timeline.add(source.arrived(), source.file() + " taken", batchId);
        timeline.add(asText(alarm.get("raised_at")), "alarm raised: " + alarm.get("type") + " (" + alarm.get("severity") + ")"
                + (alarm.get("run_id") == null ? "" : " during run " + alarm.get("run_id")), batchId);
        timeline.add(asText(alarm.get("updated_at")), "alarm last stored (acknowledged " + alarm.get("acknowledged")
                + ", cleared " + alarm.get("cleared") + ")", batchId);
        return Optional.of(new Trace(subject, source, reads.ref(batchId), alarm, List.of(), List.of(), List.of(), List.of(),
                timeline.sorted()));
    }

    static String[] split(String key, String shape) {
        int colon = key.lastIndexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
            throw new com.migrationhub.core.BadRequestException("the key must be " + shape + ", not '" + key + "'");
        }
        return new String[] {key.substring(0, colon), key.substring(colon + 1)};
    }
}
