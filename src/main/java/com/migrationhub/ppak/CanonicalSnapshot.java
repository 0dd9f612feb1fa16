package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalRecord;
import com.migrationhub.canonical.CanonicalJson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    private static final byte[] ARRAY_START = "[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARRAY_FIRST = " ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARRAY_NEXT = ", ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARRAY_END = " ]".getBytes(StandardCharsets.US_ASCII);

    private final HubHome home;
    private final ExportBatchState.Held states;

    CanonicalSnapshot(HubHome home, ExportBatchState.Held states) {
        this.home = home;
        this.states = states;
    }

    Path pathOf(ExportName export) {
        return home.canonical().resolve("canonical_" + export.kind().prefix() + "_" + export.date() + ".json");
    }

    /** Appends a loaded chunk's valid records to the batch's snapshot. */
    public void append(ChunkOutcome<? extends CanonicalRecord> outcome) {
        RowChunk chunk = outcome.chunk();
        Writer writer = states.of(chunk.batch()).snapshotWriter(() -> new Writer(pathOf(chunk.export()), chunk.batch().id()));
        write(writer, outcome);
    }

    private static <T extends CanonicalRecord> void write(Writer writer, ChunkOutcome<T> outcome) {
        for (ChunkOutcome.Candidate<T> c : outcome.candidates()) {
            T record = c.record();
            String innergyId = outcome.innergyId(record.naturalKey());
            writer.write(record.naturalKey(), innergyId == null ? c.rendered().snapshotEntry()
                    : CanonicalJson.snapshotEntry(record, innergyId));
        }
    }

    /** Puts the batch's snapshot in place, merged with an earlier one of the same export. */
    public void commit(BatchRun run, ExportName export) {
        Writer writer = states.of(run).snapshotWriter();
        if (writer == null) {
            writer = new Writer(pathOf(export), run.id()); // an export without valid rows still gets its (empty) snapshot
        }
        writer.commit();
    }

    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("^\\.canonical_.+\\.json\\.(\\d+)\\.tmp$");

    /**
     * Removes the temporary snapshots of batches that will never commit them (a process killed mid-load leaves one
     * of up to the export's size): every one whose batch {@code finished} says is no longer running.
     */
    public void removeAbandoned(java.util.function.LongPredicate finished) {
        try (java.util.stream.Stream<Path> files = Files.list(home.canonical())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.util.regex.Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                if (m.matches() && finished.test(Long.parseLong(m.group(1)))) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no canonical folder yet: nothing left behind
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + home.canonical(), e);
        }
    }

    public void discard(BatchRun run) {
        Writer writer = states.of(run).snapshotWriter();
        if (writer != null) {
            writer.discard();
        }
    }

    static final class Writer {
        private final Path target;
        private final Path tmp;
        private final boolean merging;
        private final Set<String> keys = new HashSet<>();
        private final OutputStream out;
        private boolean first = true;

        Writer(Path target, long batchId) {
            this.target = target;
            this.tmp = target.resolveSibling("." + target.getFileName() + "." + batchId + ".tmp");
            this.merging = Files.exists(target);
            try {
                Files.createDirectories(target.getParent());
                this.out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                out.write(ARRAY_START);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp, e);
            }
        }

        /** Entries are laid out as Jackson's default pretty printer lays out an array of objects. */
        void write(String key, byte[] entry) {
            try {
                out.write(first ? ARRAY_FIRST : ARRAY_NEXT);
                out.write(entry);
                first = false;
                if (merging) {
                    keys.add(key);
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
                out.write(ARRAY_END);
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
                        write(key, CanonicalJson.snapshotEntry(node));
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
                out.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
