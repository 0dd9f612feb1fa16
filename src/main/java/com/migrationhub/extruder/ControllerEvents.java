package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Archive;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.FileDeadLetters;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Instants;
import com.migrationhub.core.Json;
import com.migrationhub.core.RejectedRowsFile;
import com.migrationhub.core.ReplayOutcome;
import com.migrationhub.core.RowPayload;
import com.migrationhub.core.TextCells;
import com.migrationhub.core.TextDecoding;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controller says besides telemetry, dropped into {@code inbox/extruder/events/}: its stdout captured as
 * {@code *.jsonl} (JSON event lines mixed with plain lines such as {@code [LOG] Started recording…}) and its capped
 * {@code alarms.json}. Each file is a batch; a half-written JSON line is rejected with its line, plain lines are
 * skipped as not events; alarms are keyed by id, so a later copy updates acknowledged/cleared and alarms that fell
 * out of the capped file stay.
 */
public final class ControllerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerEvents.class);
    private static final List<String> LINE_HEADER = List.of("text");
    private static final int EVENTS_PER_TRANSACTION = 1000;

    private final EventStore store;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final FileDeadLetters fileDeadLetters;
    private final Archive archive;
    private final HubHome home;
    /** The runbook's lever, asked per file: {@link DbWritesFlag} follows ./hub cutover db-writes within one poll. */
    private final java.util.function.BooleanSupplier dbWrites;
    private final boolean originalsLeave;

    public ControllerEvents(EventStore store, BatchLedger ledger, DeadLetters deadLetters, FileDeadLetters fileDeadLetters,
                            Archive archive, HubHome home, java.util.function.BooleanSupplier dbWrites, boolean originalsLeave) {
        this.store = store;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.fileDeadLetters = fileDeadLetters;
        this.archive = archive;
        this.home = home;
        this.dbWrites = dbWrites;
        this.originalsLeave = originalsLeave;
    }

    /** The content-based router's key: alarms, logger events, or a file this inbox does not take. */
    public String kindOf(File file) {
        String name = file.getName();
        if (name.equals("alarms.json")) {
            return "alarms";
        }
        return name.endsWith(".jsonl") ? "events" : "unknown";
    }

    /** A dead letter of this inbox: a logger line, an alarm, or a whole capture or alarms file (by the controller's names). */
    public boolean isEvents(DeadLetter letter) {
        String name = letter.sourceFile();
        return name != null && (name.endsWith(".jsonl") || name.equals("alarms.json"));
    }

    /**
     * Events and alarms are not redriven one by one (a line of a capture is no run-log line, and the controller rewrites
     * alarms.json whole): the dead letter keeps its reason, and the answer says how to load the fixed file. Lines and
     * alarms already stored are skipped when it comes again (keyed by file and line, alarms by id).
     */
    public ReplayOutcome refuseReplay(DeadLetter letter) {
        return ReplayOutcome.rejected(letter.id(), null, letter.reason() + " (controller events and alarms are not replayed "
                + "one by one: fix " + letter.sourceFile() + " and drop it into the events inbox again; what is stored is skipped)");
    }

    public BatchRun rejectUnknown(File file) {
        BatchRun batch = ledger.open(Flow.EXTRUDER.id(), file.getName(), null);
        String reason = "not a controller event file: '" + file.getName() + "' (expected *.jsonl logger output or alarms.json)";
        fileDeadLetters.reject(Flow.EXTRUDER.id(), file.toPath(), reason, batch.id());
        leaveInbox(file.toPath());
        ledger.close(batch, BatchLedger.REJECTED_FILE, reason);
        LOG.warn("batch {}: {} rejected: {}", batch.id(), file.getName(), reason);
        return batch;
    }

    /** Logger event lines, streamed: events stored in transactions of a thousand, the rest skipped or rejected. */
    public BatchRun takeEvents(File file) {
        Path path = file.toPath();
        BatchRun batch = ledger.open(Flow.EXTRUDER.id(), file.getName(), dbWrites.getAsBoolean() ? Hashing.sha256(path) : null);
        if (batch.isDuplicate()) {
            return duplicate(batch, path);
        }
        if (TextDecoding.hasNul(path)) {
            return rejectWhole(batch, path, "binary content: a NUL byte, this is not the logger's text output");
        }
        List<EventStore.LoggerEvent> pending = new ArrayList<>();
        RejectedRowsFile rejects = RejectedRowsFile.appending(home.deadLetter(Flow.EXTRUDER.id()), file.getName(), LINE_HEADER);
        List<DeadLetter> letters = new ArrayList<>();
        try (TextDecoding.Lines in = TextDecoding.lines(path)) {
            long line = 0;
            for (TextDecoding.Line next = in.next(); next != null; next = in.next()) {
                line++;
                String text = next.text();
                String t = text.strip();
                if (t.isEmpty()) {
                    continue; // an empty line holds nothing to account for
                }
                batch.countFound(1);
                String why = next.undecodable() ? "undecodable bytes: the line is not UTF-8 text" : null;
                if (why == null && !t.startsWith("{")) {
                    batch.countSkipped(1); // the logger's plain lines: not events
                    continue;
                }
                EventStore.LoggerEvent event = null;
                if (why == null) {
                    try {
                        JsonNode node = Json.mapper().readTree(t);
                        why = problem(node);
                        if (why == null) {
                            event = event(line, node);
                        }
                    } catch (JsonProcessingException e) {
                        why = "half-written or malformed JSON line: " + e.getOriginalMessage();
                    }
                }
                if (why != null) {
                    batch.countRejected(1);
                    rejects.append(line, List.of(text), why);
                    letters.add(DeadLetter.of(Flow.EXTRUDER.id(), DeadLetter.ROW, file.getName(), line, why,
                            RowPayload.of(LINE_HEADER, List.of(text)), batch.id()));
                    continue;
                }
                pending.add(event);
                if (pending.size() == EVENTS_PER_TRANSACTION) {
                    store(file.getName(), pending, batch);
                }
            }
            store(file.getName(), pending, batch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        } finally {
            rejects.commit();
            deadLetters.record(letters);
        }
        archiveAndLeave(path);
        ledger.close(batch, BatchLedger.DONE, null);
        LOG.info("batch {}: {} done: found {}, loaded {}, rejected {}, skipped {}", batch.id(), file.getName(), batch.found(),
                batch.loaded(), batch.rejected(), batch.skipped());
        return batch;
    }

    private void store(String source, List<EventStore.LoggerEvent> pending, BatchRun batch) {
        if (pending.isEmpty()) {
            return;
        }
        long inserted = dbWrites.getAsBoolean() ? store.insertEvents(source, pending, batch.id()) : 0;
        batch.countLoaded(inserted);
        batch.countSkipped(pending.size() - inserted); // stored before (a longer copy), or writes off
        pending.clear();
    }

    /** Why a JSON line is not a logger event this hub can keep, or null: each field checked as any other bad value. */
    static String problem(JsonNode node) {
        JsonNode ts = node.get("timestamp");
        if (!node.hasNonNull("level") || !node.hasNonNull("event") || ts == null || !ts.isNumber()) {
            return "not a logger event: level, event and timestamp are required";
        }
        return valueProblem(node, ts, "level", "component", "event");
    }

    /** A number that is not finite anywhere, a timestamp out of range, or a control character in a text field. */
    private static String valueProblem(JsonNode node, JsonNode ts, String... textFields) {
        String nonFinite = Json.nonFinite(node);
        if (nonFinite != null) {
            return nonFinite + " is not a finite number (out of range)";
        }
        try {
            epoch(ts);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        for (String field : textFields) {
            JsonNode v = node.get(field);
            if (v != null && v.isTextual() && TextCells.controlCharacter(v.asText()) != null) {
                return field + " holds " + TextCells.controlCharacter(v.asText());
            }
        }
        return null;
    }

    static EventStore.LoggerEvent event(long line, JsonNode node) {
        JsonNode context = node.get("context");
        return new EventStore.LoggerEvent(line, node.get("level").asText(), node.path("component").asText(null),
                node.get("event").asText(), context == null || context.isNull() ? null : context.toString(),
                epoch(node.get("timestamp")));
    }

    /** The controller's alarms.json: a JSON array of at most 1,000 alarms, rewritten in place. */
    public BatchRun takeAlarms(File file) {
        Path path = file.toPath();
        BatchRun batch = ledger.open(Flow.EXTRUDER.id(), file.getName(), dbWrites.getAsBoolean() ? Hashing.sha256(path) : null);
        if (batch.isDuplicate()) {
            return duplicate(batch, path);
        }
        JsonNode array;
        try {
            array = Json.mapper().readTree(path.toFile());
        } catch (IOException e) {
            return rejectWhole(batch, path, "not valid JSON (a half-written alarms.json?): " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
            return rejectWhole(batch, path, "alarms.json must be a JSON array of alarms");
        }
        List<EventStore.Alarm> alarms = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode a = array.get(i);
            batch.countFound(1);
            JsonNode ts = a.get("timestamp");
            String why = !a.hasNonNull("id") || !a.hasNonNull("type") || ts == null || !ts.isNumber()
                    ? "id, type and timestamp are required"
                    : valueProblem(a, ts, "id", "type", "severity");
            if (why != null) {
                batch.countRejected(1);
                letters.add(DeadLetter.of(Flow.EXTRUDER.id(), DeadLetter.DOCUMENT, file.getName(), (long) i + 1,
                        "alarm " + (i + 1) + ": " + why, a.toString(), batch.id()));
                continue;
            }
            alarms.add(new EventStore.Alarm(a.get("id").asText(), a.get("type").asText(), a.path("severity").asText(null),
                    a.path("message").asText(null), epoch(ts), a.path("acknowledged").asBoolean(false),
                    a.path("cleared").asBoolean(false)));
        }
        deadLetters.record(letters);
        if (dbWrites.getAsBoolean()) {
            EventStore.AlarmCounts counts = store.upsertAlarms(file.getName(), alarms, batch.id());
            batch.countLoaded(counts.inserted() + counts.updated());
            batch.countUpdated(counts.updated());
            batch.countSkipped(counts.unchanged());
        } else {
            batch.countSkipped(alarms.size());
        }
        archiveAndLeave(path);
        ledger.close(batch, BatchLedger.DONE, null);
        LOG.info("batch {}: {} done: {} alarms, {} loaded ({} updated), {} unchanged, {} rejected", batch.id(), file.getName(),
                batch.found(), batch.loaded(), batch.updated(), batch.skipped(), batch.rejected());
        return batch;
    }

    private BatchRun rejectWhole(BatchRun batch, Path path, String reason) {
        fileDeadLetters.reject(Flow.EXTRUDER.id(), path, reason, batch.id());
        leaveInbox(path);
        ledger.close(batch, BatchLedger.REJECTED_FILE, reason);
        LOG.warn("batch {}: {} rejected: {}", batch.id(), path.getFileName(), reason);
        return batch;
    }

    private BatchRun duplicate(BatchRun batch, Path path) {
        archiveAndLeave(path);
        ledger.close(batch, BatchLedger.DUPLICATE, "duplicate file: same content as batch " + batch.duplicateOf());
        return batch;
    }

    private void archiveAndLeave(Path path) {
        if (originalsLeave) {
            archive.moveIn(Flow.EXTRUDER.id(), path);
        } else {
            archive.keep(Flow.EXTRUDER.id(), path);
        }
    }

    private void leaveInbox(Path path) {
        if (originalsLeave) {
            RunLogs.removeFromInbox(path);
        }
    }

    /** Epoch seconds with a fraction (the controller's {@code time.time()}) as an instant, to the millisecond. */
    static Instant epoch(JsonNode seconds) {
        return Instants.ofEpochSeconds(seconds.decimalValue());
    }
}
