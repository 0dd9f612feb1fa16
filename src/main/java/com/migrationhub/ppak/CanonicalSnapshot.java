package com.migrationhub.ppak;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code outbox/canonical/canonical_<kind>_<date>.json}: the canonical form of every valid record of an
 * export (loaded or already stored), a pretty JSON array streamed as chunks load. A later file of the
 * same export — a fixed dead-letter copy, a replayed row — merges into it: its records replace those
 * with the same key, the others stay.
 */
public final class CanonicalSnapshot {

    private static final String WRITER = "snapshotWriter";

    private final HubHome home;

    public CanonicalSnapshot(HubHome home) {
        this.home = home;
    }

    Path pathOf(ExportName export) {
        return home.canonical().resolve("canonical_" + export.kind().prefix() + "_" + export.date() + ".json");
    }

    /** Appends a loaded chunk's valid records to the batch's snapshot. */
    public void append(ChunkOutcome<? extends CanonicalRecord> outcome) {
        RowChunk chunk = outcome.chunk();
        Writer writer = chunk.batch().attribute(WRITER, () -> new Writer(pathOf(chunk.export()), chunk.batch().id()));
        for (ChunkOutcome.Candidate<? extends CanonicalRecord> c : outcome.candidates()) {
            writer.write(c.record(), outcome.innergyId(c.record().naturalKey()));
        }
    }

    /** Puts the batch's snapshot in place, merged with an earlier one of the same export. */
    public void commit(BatchRun run, ExportName export) {
        Writer writer = run.attribute(WRITER, () -> null);
        if (writer == null) {
            writer = new Writer(pathOf(export), run.id()); // an export without valid rows still gets its (empty) snapshot
        }
        writer.commit();
    }

    public void discard(BatchRun run) {
        Writer writer = run.attribute(WRITER, () -> null);
        if (writer != null) {
            writer.discard();
        }
    }

    /** A record as the snapshot shows it: its fields, then the INNERGY id it is linked to. */
    record Entry(@JsonUnwrapped @JsonSerialize(typing = JsonSerialize.Typing.DYNAMIC) CanonicalRecord record,
                 String innergyId) {
    }

    private static final class Writer {
        private final Path target;
        private final Path tmp;
        private final boolean merging;
        private final Set<String> keys = new HashSet<>();
        private final OutputStream out;
        private final JsonGenerator gen;

        Writer(Path target, long batchId) {
            this.target = target;
            this.tmp = target.resolveSibling("." + target.getFileName() + "." + batchId + ".tmp");
            this.merging = Files.exists(target);
            try {
                Files.createDirectories(target.getParent());
                this.out = Files.newOutputStream(tmp);
                this.gen = Json.mapper().getFactory().createGenerator(out);
                gen.setCodec(Json.mapper());
                gen.useDefaultPrettyPrinter();
                gen.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp, e);
            }
        }

        void write(CanonicalRecord record, String innergyId) {
            try {
                gen.writeObject(new Entry(record, innergyId));
                if (merging) {
                    keys.add(record.naturalKey());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp, e);
            }
        }

        void commit() {
            try {
                if (merging) {
                    copyOthers();
                }
                gen.writeEndArray();
                gen.close();
                out.close();
                AtomicFiles.moveIntoPlace(tmp, target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        }

        /** Keeps the earlier snapshot's records this batch did not replace. */
        private void copyOthers() throws IOException {
            try (JsonParser p = Json.mapper().getFactory().createParser(target.toFile())) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    return;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode node = Json.mapper().readTree(p);
                    String key = keyOf(node);
                    if (key == null || !keys.contains(key)) {
                        gen.writeTree(node);
                    }
                }
            }
        }

        private static String keyOf(JsonNode node) {
            for (String field : new String[] {"project_number", "work_order_number", "sku"}) {
                if (node.hasNonNull(field)) {
                    return node.get(field).asText();
                }
            }
            return null;
        }

        void discard() {
            try {
                gen.close();
                out.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
