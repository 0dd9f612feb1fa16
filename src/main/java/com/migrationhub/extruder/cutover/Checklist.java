package com.migrationhub.extruder.cutover;

import com.fasterxml.jackson.core.type.TypeReference;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The runbook's execution checklist, per target, kept in the home ({@code <data>/cutover/checklist.json}, beside the
 * db-writes lever). Items are ticked only by the command that proves them — with the time, the instance and the report
 * that is the evidence — and un-ticked by a later run that disproves them. The steps between a check and the
 * production window (ingest, verify, backup, the live block) belong to the target the last {@code cutover check} named.
 */
public final class Checklist {

    public static final List<String> ITEMS = List.of("prechecks", "schema", "ingestion", "dual-write", "backup",
            "production-schema", "production-ingestion", "post-cutover");

    /** One item: {@code {id, done, at, by, evidence}}; {@code note} says what the last proof or disproof saw. */
    public record Item(String id, boolean done, String at, String by, String evidence, String note) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("done", done);
            m.put("at", at);
            m.put("by", by);
            m.put("evidence", evidence);
            m.put("note", note);
            return m;
        }
    }

    /** The file as stored: the active target, each target's items, and facts the later proofs need. */
    public static final class State {
        public String active = Target.STAGING.label();
        public Map<String, Map<String, Item>> targets = new LinkedHashMap<>();
        /** Per target: the last extruder-ingest's verdict ({@code clean}, its report), read by extruder-verify. */
        public Map<String, Map<String, Object>> facts = new LinkedHashMap<>();

        public Map<String, Item> items(String target) {
            Map<String, Item> items = targets.computeIfAbsent(target, t -> new LinkedHashMap<>());
            for (String id : ITEMS) {
                items.putIfAbsent(id, new Item(id, false, null, null, null, null));
            }
            return items;
        }

        public Map<String, Object> facts(String target) {
            return facts.computeIfAbsent(target, t -> new LinkedHashMap<>());
        }
    }

    private final Path file;
    private final String instance;

    public Checklist(Path file, String instance) {
        this.file = file;
        this.instance = instance;
    }

    public static Checklist of(HubSettings settings) {
        return new Checklist(settings.path("hub.data").resolve("cutover").resolve("checklist.json"),
                settings.get("hub.instance.id", "hub"));
    }

    public Path file() {
        return file;
    }

    public State read() {
        if (!Files.isRegularFile(file)) {
            return new State();
        }
        try {
            return Json.mapper().readValue(file.toFile(), new TypeReference<State>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cut-over checklist " + file, e);
        }
    }

    /** Reads, changes and writes the checklist under a file lock: commands and the service may update it at once. */
    public synchronized State update(Consumer<State> change) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel lock = FileChannel.open(file.resolveSibling(".checklist.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                State state = read();
                change.accept(state);
                AtomicFiles.writeString(file, Json.pretty(state));
                return state;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the cut-over checklist " + file, e);
        }
    }

    /** The item {@code id} of the target in {@code state}, proven ({@code done}) or disproven, by {@code command}. */
    public void mark(State state, String target, String id, boolean done, String command, Path evidence, String note) {
        if (!ITEMS.contains(id)) {
            throw new IllegalArgumentException("no checklist item " + id);
        }
        state.items(target).put(id, new Item(id, done, Instant.now().toString(), command + " on " + instance,
                evidence == null ? null : evidence.toString(), note));
    }

    /** The production variant of a step on production: schema → production-schema, ingestion → production-ingestion. */
    public static String item(String target, String id) {
        return Target.PRODUCTION.label().equals(target) && (id.equals("schema") || id.equals("ingestion")) ? "production-" + id : id;
    }

    /** The item is done on the target: no write when it already is (the live tailer asks on every block). */
    public boolean isDone(String target, String id) {
        Item i = read().items(target).get(id);
        return i != null && i.done();
    }
}
