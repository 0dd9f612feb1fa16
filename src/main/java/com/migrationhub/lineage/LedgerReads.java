package com.migrationhub.lineage;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.HubHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** What every tracer reads from {@code hub.db}: batches (cached per trace), their archived originals, dead letters. */
final class LedgerReads {

    /** A batch's archived original as recorded when it was archived (charset null: not read as lines). */
    record Archived(Path path, long size, String charset) {
    }

    private final Database hubDb;
    private final BatchLedger ledger;
    private final HubHome home;
    private final Map<Long, BatchLedger.Batch> batches = new HashMap<>();

    LedgerReads(Database hubDb, BatchLedger ledger, HubHome home) {
        this.hubDb = hubDb;
        this.ledger = ledger;
        this.home = home;
    }

    Database db() {
        return hubDb;
    }

    BatchLedger.Batch batch(Long id) {
        return id == null ? null : batches.computeIfAbsent(id, ledger::find);
    }

    String instanceOf(Long batchId) {
        BatchLedger.Batch b = batch(batchId);
        return b == null ? null : b.instance();
    }

    Trace.BatchRef ref(Long batchId) {
        BatchLedger.Batch b = batch(batchId);
        return b == null ? null : new Trace.BatchRef(b.id(), b.instance(), b.started());
    }

    /**
     * Where a batch's original is: as recorded when it was archived; for a batch from before the hub recorded it, the
     * original of the same name and content in the archive folder of the day it started or finished; else null.
     */
    Archived archived(BatchLedger.Batch b) {
        List<Archived> recorded = hubDb.withConnection(c -> Database.query(c, "SELECT archive, size, charset FROM batch_sources "
                + "WHERE batch_id = ?", rs -> new Archived(Path.of(rs.getString(1)), rs.getLong(2), rs.getString(3)), b.id()));
        if (!recorded.isEmpty()) {
            return recorded.get(0);
        }
        return searchArchive(b);
    }

    /** Batches whose flow does not record its archive yet: the original of the same name (and content, when known). */
    private Archived searchArchive(BatchLedger.Batch b) {
        Set<LocalDate> days = new LinkedHashSet<>();
        for (String at : new String[] {b.started(), b.finished()}) {
            if (at != null) {
                days.add(Instant.parse(at).atZone(ZoneId.systemDefault()).toLocalDate());
            }
        }
        String name = Path.of(b.source()).getFileName().toString();
        for (LocalDate day : days) {
            Path folder = home.archive(b.flow(), day);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                List<Path> named = files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().equals(name)
                        || p.getFileName().toString().startsWith(name + ".")).toList();
                for (Path p : named) {
                    if (b.sha256() == null || b.sha256().equals(Hashing.sha256(p))) {
                        return new Archived(p, Files.size(p), null);
                    }
                }
                if (named.size() == 1) {
                    // the one copy of that name that day: kept as the hub rewrote it (a configuration's secrets redacted)
                    return new Archived(named.get(0), Files.size(named.get(0)), null);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return null;
    }

    /** How the original text of a record is read: a CSV record (to its end), one physical line, or the whole document. */
    enum Unit { CSV_RECORD, LINE, DOCUMENT }

    /** The source of a record: its file, its batch's content hash and archived original, and the original text. */
    Trace.Source source(BatchLedger.Batch b, String file, Long line, Unit unit) {
        return source(b, file, line, unit, b == null ? null : archived(b));
    }

    Trace.Source source(BatchLedger.Batch b, String file, Long line, Unit unit, Archived archived) {
        String text = null;
        if (archived != null) {
            com.migrationhub.core.LineIndex.Checkpoint from = line == null || b == null ? null : checkpoint(b.id(), line);
            text = line == null || unit == Unit.DOCUMENT ? SourceText.document(archived.path())
                    : unit == Unit.LINE ? SourceText.line(archived.path(), line, archived.charset(), from)
                    : SourceText.record(archived.path(), line, archived.charset(), from);
        }
        return new Trace.Source(file, b == null ? null : b.sha256(), archived == null ? null : archived.size(),
                b == null ? null : b.started(), archived == null ? null : archived.path().toString(), line,
                text == null ? Trace.Source.GONE : text);
    }

    /** The nearest indexed line start at or before {@code line} in a batch's archived original, or null. */
    com.migrationhub.core.LineIndex.Checkpoint checkpoint(long batchId, long line) {
        List<com.migrationhub.core.LineIndex.Checkpoint> found = hubDb.withConnection(c -> Database.query(c, "SELECT line, byte_offset, "
                + "after_cr FROM source_line_index WHERE batch_id = ? AND line <= ? ORDER BY line DESC LIMIT 1",
                rs -> new com.migrationhub.core.LineIndex.Checkpoint(rs.getLong(1), rs.getLong(2), rs.getInt(3) == 1), batchId, line));
        return found.isEmpty() ? null : found.get(0);
    }

    List<DeadLetter> deadLetters(String sql, Object... args) {
        return hubDb.withConnection(c -> Database.query(c, sql, rs -> new DeadLetter(rs.getLong("id"), rs.getString("flow"),
                rs.getString("kind"), rs.getString("source_file"), Database.nullableLong(rs, "line"), rs.getString("reason"),
                rs.getString("payload"), Database.nullableLong(rs, "batch_id"), rs.getString("created"), rs.getString("replayed"),
                Database.nullableLong(rs, "replay_batch_id")), args));
    }

    DeadLetter deadLetter(long id) {
        List<DeadLetter> found = deadLetters("SELECT * FROM dead_letters WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The dead letter a row replay loaded (the replay batch opened for it), or null for any other batch. */
    DeadLetter replayedBy(long batchId) {
        List<DeadLetter> found = deadLetters("SELECT * FROM dead_letters WHERE replay_batch_id = ? ORDER BY id", batchId);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Steps for a trace's timeline, each with its batch's instance. */
    final class Timeline {
        private final List<Trace.Step> steps = new ArrayList<>();

        void add(String at, String what, Long batchId) {
            if (at != null) {
                steps.add(new Trace.Step(at, what, batchId, instanceOf(batchId)));
            }
        }

        /** Oldest first (instants compared as instants: their texts differ in length). */
        List<Trace.Step> sorted() {
            List<Trace.Step> out = new ArrayList<>(steps);
            out.sort(java.util.Comparator.comparing(s -> instant(s.at())));
            return out;
        }
    }

    /** An instant as the stores write them (ISO-8601, or SQL's space-separated form); unreadable ones sort last. */
    static Instant instant(String at) {
        try {
            return Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(at.replace(' ', 'T')).toInstant();
            } catch (java.time.format.DateTimeParseException again) {
                return Instant.MAX;
            }
        }
    }

    /** The timeline steps of dead letters: raised, and replayed. */
    void deadLetterSteps(Timeline timeline, List<DeadLetter> letters) {
        for (DeadLetter d : letters) {
            timeline.add(d.created(), "rejected as dead letter " + d.id() + ": " + where(d) + ": " + d.reason(), d.batchId());
            if (d.replayed() != null) {
                timeline.add(d.replayed(), "dead letter " + d.id() + " replayed and loaded", d.replayBatchId());
            }
        }
    }

    static String where(DeadLetter d) {
        return d.sourceFile() + (d.line() == null ? "" : " line " + d.line());
    }

    static List<Trace.DeadLetterRef> refs(List<DeadLetter> letters) {
        return letters.stream().map(d -> new Trace.DeadLetterRef(d.id(), d.reason(), d.replayBatchId())).toList();
    }

    /** The timeline step of a batch's rollback, when it was rolled back. */
    void rollbackStep(Timeline timeline, Long batchId) {
        BatchLedger.Batch b = batch(batchId);
        if (b == null || !BatchLedger.ROLLED_BACK.equals(b.status()) || b.details() == null) {
            return;
        }
        try {
            String at = com.migrationhub.core.Json.mapper().readTree(b.details()).path("rolled_back").path("at").asText(null);
            timeline.add(at, "batch " + b.id() + " rolled back", b.id());
        } catch (IOException e) {
            // unreadable details: no step
        }
    }
}
