package com.migrationhub.rmos;

import com.migrationhub.core.Flow;
import com.migrationhub.core.Archive;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.FileDeadLetters;
import com.migrationhub.core.ReplayOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads batches of checked documents into the RMOS database, one transaction per batch: references
 * resolved against what is loaded (a document whose reference has not arrived waits), identical
 * documents skipped, changed ones updated. Rejects become dead letters, originals are archived, the
 * ledger gets the counts — all after the commit, so a failed batch leaves nothing behind.
 */
public final class RmosLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RmosLoader.class);
    private static final Comparator<CheckedDocument> LOAD_ORDER = Comparator.comparing(
            (CheckedDocument d) -> d.entity() == null ? -1 : d.entity().ordinal());

    private final RmosStore store;
    private final DocumentReader reader;
    private final DocumentValidator validator;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final FileDeadLetters fileDeadLetters;
    private final Archive archive;
    private final MigrationTally tally;
    private final boolean dryRun;
    private final boolean deleteOriginals;
    private final Duration orphanTimeout;
    /** The ledger batches this process has open. */
    private final java.util.Set<Long> active = new java.util.HashSet<>();

    public RmosLoader(RmosStore store, DocumentReader reader, DocumentValidator validator, BatchLedger ledger,
                      DeadLetters deadLetters, FileDeadLetters fileDeadLetters, Archive archive, MigrationTally tally,
                      boolean dryRun, boolean deleteOriginals, Duration orphanTimeout) {
        this.store = store;
        this.reader = reader;
        this.validator = validator;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.fileDeadLetters = fileDeadLetters;
        this.archive = archive;
        this.tally = tally;
        this.dryRun = dryRun;
        this.deleteOriginals = deleteOriginals;
        this.orphanTimeout = orphanTimeout;
    }

    public Duration orphanTimeout() {
        return orphanTimeout;
    }

    /** Opens the ledger batch for an aggregated group of checked documents (a dry run writes no ledger). */
    public RmosBatch open(List<?> body) {
        List<CheckedDocument> docs = new ArrayList<>();
        for (Object o : body) {
            docs.add((CheckedDocument) o);
        }
        BatchRun run = dryRun ? null : openRun(describe(docs));
        return new RmosBatch(run, docs, dryRun);
    }

    /**
     * A ledger batch of this process. RMOS batches are not tied to one file's content, so a batch left running by a
     * process that died (kill -9 after its rows committed) is recognised here, as the next batch opens: it is marked
     * abandoned with what it really did, the rows that carry its id and its dead letters. (One instance per RMOS
     * database: a second one on the same home refuses to start.)
     */
    private BatchRun openRun(String source) {
        synchronized (active) {
            for (long id : ledger.running(Flow.RMOS.id())) {
                if (!active.contains(id)) {
                    long loaded = store.rowsOfBatch(id);
                    long rejected = deadLetters.ofBatch(id).size();
                    ledger.abandon(id, loaded, rejected);
                    LOG.warn("batch {} was left running by a process that died: marked abandoned ({} rows, {} rejects kept); "
                            + "its documents still in the inbox are read again", id, loaded, rejected);
                }
            }
            BatchRun run = ledger.open(Flow.RMOS.id(), source, null);
            active.add(run.id());
            return run;
        }
    }

    private void closeRun(BatchRun run, String status, String reason) {
        ledger.close(run, status, reason);
        synchronized (active) {
            active.remove(run.id());
        }
    }

    private static String describe(List<CheckedDocument> docs) {
        Map<RmosEntity, Integer> per = new EnumMap<>(RmosEntity.class);
        int other = 0;
        for (CheckedDocument d : docs) {
            if (d.entity() == null) {
                other++;
            } else {
                per.merge(d.entity(), 1, Integer::sum);
            }
        }
        StringBuilder s = new StringBuilder(docs.size() + " documents (");
        per.forEach((e, n) -> s.append(n).append(' ').append(e.idPrefix()).append(", "));
        if (other > 0) {
            s.append(other).append(" other, ");
        }
        s.setLength(s.length() - 2);
        return s.append(')').toString();
    }

    /** The whole batch in one transaction. Throws when the database fails: nothing of the batch stays. */
    public void load(RmosBatch batch) {
        List<RmosBatch.Event> events = transaction(batch.dryRun(), c -> attempt(c, batch.documents(), batch.id(), true));
        batch.committed(events);
    }

    /** After a failed batch: one document in its own transaction, so one bad document cannot block the rest. */
    public void loadAlone(RmosBatch batch, CheckedDocument doc) {
        List<RmosBatch.Event> events = transaction(batch.dryRun(), c -> attempt(c, List.of(doc), batch.id(), true));
        batch.committed(events);
    }

    /** A document the database refused even on its own: rejected with the database's reason. */
    public void rejectUnwritable(RmosBatch batch, CheckedDocument doc, Exception cause) {
        String reason = "could not be written to the RMOS database: " + (cause == null ? "unknown error" : rootMessage(cause));
        LOG.warn("batch {}: {} {}", batch.id(), doc.doc().relativePath(), reason);
        batch.committed(List.of(new RmosBatch.Event(RmosBatch.Kind.REJECTED, doc.doc(), idOf(doc), reason, true, null)));
    }

    /** Settles the batch once its documents are committed: dead letters, archive, originals, ledger, tally. */
    public void close(RmosBatch batch) {
        settle(batch.run(), batch.events(), batch.dryRun());
        if (batch.run() != null) {
            closeRun(batch.run(), BatchLedger.DONE, null);
            BatchRun r = batch.run();
            LOG.info("batch {}: {}: found {}, loaded {} ({} updated), rejected {}, skipped {}, waiting {}", r.id(), r.source(),
                    r.found(), r.loaded(), r.updated(), r.rejected(), r.skipped(), count(batch.events(), RmosBatch.Kind.WAITING));
        }
    }

    /**
     * Opening or closing the batch failed (the hub's database busy, the disk full while settling): the aggregator that
     * runs it would only log the failure, so the batch is closed failed here with the cause, and one WARN says so.
     * What it committed carries its id and can be rolled back; its documents not yet settled stay in the inbox.
     */
    public void fail(RmosBatch batch, Exception cause) {
        String reason = "the batch could not be settled: " + (cause == null ? "unknown error" : rootMessage(cause));
        BatchRun run = batch == null ? null : batch.run();
        if (run != null) {
            try {
                closeRun(run, BatchLedger.FAILED, reason);
            } catch (RuntimeException e) {
                reason += "; nor marked failed: " + rootMessage(e);
            }
        }
        LOG.warn("batch {}: {}", run == null ? "(not opened)" : run.id(), reason);
    }

    private static long count(List<RmosBatch.Event> events, RmosBatch.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    /**
     * Rejects documents that waited for a reference since before {@code cutoff} (null: now minus
     * {@code hub.rmos.orphan-timeout}) — unless it arrived meanwhile, then they load. Returns how many.
     */
    public int expireWaiting(Instant cutoff) {
        if (dryRun) {
            return 0;
        }
        String limit = Timestamps.of(cutoff == null ? Instant.now().minus(orphanTimeout) : cutoff);
        List<RmosStore.Waiting> due = store.db().withConnection(c -> store.waitingSince(c, limit));
        if (due.isEmpty()) {
            return 0;
        }
        BatchRun run = openRun(due.size() + " documents whose reference did not arrive");
        List<RmosBatch.Event> events;
        try {
            events = store.db().inTransaction(c -> {
                List<RmosBatch.Event> out = new ArrayList<>();
                try (RmosStore.Session s = store.session(c)) {
                    for (RmosStore.Waiting w : store.waitingSince(c, limit)) {
                        store.removeWaiting(c, w.entity(), w.sourceFile());
                        process(s, validator.check(documentOf(w)), out, run.id(), false, w.arrivedAt());
                    }
                    release(s, out, run.id());
                }
                return out;
            });
        } catch (RuntimeException e) {
            // Nothing changed: the documents still wait, and the next check tries again.
            closeRun(run, BatchLedger.FAILED, rootMessage(e));
            throw e;
        }
        settle(run, events, false);
        closeRun(run, BatchLedger.DONE, null);
        LOG.info("batch {}: {} waiting documents settled: loaded {}, rejected {}", run.id(), events.size(),
                run.loaded(), run.rejected());
        return events.size();
    }

    /** Replays one dead letter through the same validation and loading; rejected again, it stays that dead letter. */
    public ReplayOutcome replay(DeadLetter letter) {
        Path copy = Path.of(letter.payload());
        if (com.migrationhub.core.InboxSweep.isLink(copy)) {
            deadLetters.updateReason(letter.id(), com.migrationhub.core.InboxSweep.LINK_REASON);
            return ReplayOutcome.rejected(letter.id(), null, com.migrationhub.core.InboxSweep.LINK_REASON);
        }
        String text;
        try {
            text = Files.readString(copy, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = "the dead-letter copy " + copy + " cannot be read: " + e.getMessage();
            deadLetters.updateReason(letter.id(), reason);
            return ReplayOutcome.rejected(letter.id(), null, reason);
        }
        CheckedDocument doc = validator.check(reader.parse(letter.sourceFile(), copy, text));
        BatchRun run = openRun("replay of dead letter " + letter.id() + " (" + letter.sourceFile() + ")");
        List<RmosBatch.Event> events;
        try {
            events = store.db().inTransaction(c -> {
                List<RmosBatch.Event> out = new ArrayList<>();
                try (RmosStore.Session s = store.session(c)) {
                    process(s, doc, out, run.id(), false, null);
                    release(s, out, run.id());
                }
                return out;
            });
        } catch (RuntimeException e) {
            // The database refused: the dead letter stays, with that reason, and can be replayed again later.
            String reason = "could not be written to the RMOS database: " + rootMessage(e);
            deadLetters.updateReason(letter.id(), reason);
            closeRun(run, BatchLedger.FAILED, reason);
            LOG.warn("batch {}: dead letter {} ({}) {}", run.id(), letter.id(), letter.sourceFile(), reason);
            return ReplayOutcome.rejected(letter.id(), run.id(), reason);
        }
        RmosBatch.Event own = events.get(0);
        List<RmosBatch.Event> marked = new ArrayList<>(events);
        marked.set(0, new RmosBatch.Event(own.kind(), own.doc(), own.id(), own.reason(), false, letter.id()));
        settle(run, marked, false);
        closeRun(run, BatchLedger.DONE, null);
        if (own.kind() == RmosBatch.Kind.REJECTED) {
            LOG.warn("batch {}: dead letter {} ({}) rejected again: {}", run.id(), letter.id(), letter.sourceFile(), own.reason());
            return ReplayOutcome.rejected(letter.id(), run.id(), own.reason());
        }
        LOG.info("batch {}: dead letter {} ({}) loaded", run.id(), letter.id(), letter.sourceFile());
        return ReplayOutcome.loaded(letter.id(), run.id());
    }

    // ---- inside one transaction ----

    private List<RmosBatch.Event> attempt(Connection c, List<CheckedDocument> docs, long batchId, boolean allowWait)
            throws SQLException {
        List<RmosBatch.Event> events = new ArrayList<>();
        List<CheckedDocument> ordered = new ArrayList<>(docs);
        ordered.sort(LOAD_ORDER);
        boolean anyWaiting = hasWaiting(c);
        try (RmosStore.Session s = store.session(c)) {
            for (CheckedDocument d : ordered) {
                if (anyWaiting && d.entity() != null) {
                    // A new copy of a waiting document replaces it.
                    store.removeWaiting(c, d.entity(), d.doc().relativePath());
                }
                process(s, d, events, batchId, allowWait && !dryRun, null);
            }
            if (anyWaiting) {
                release(s, events, batchId);
            }
        }
        if (dryRun) {
            // Nothing later can bring a missing reference in a dry run: a waiting document is a reject.
            events.replaceAll(e -> e.kind() == RmosBatch.Kind.WAITING
                    ? new RmosBatch.Event(RmosBatch.Kind.REJECTED, e.doc(), e.id(), e.reason(), true, null) : e);
        }
        return events;
    }

    /**
     * One document: rejected, waiting, skipped or loaded. {@code waitingSince} is set for a document
     * coming out of the waiting table (it keeps its first arrival time if it has to wait again).
     */
    private void process(RmosStore.Session s, CheckedDocument d, List<RmosBatch.Event> events, long batchId,
                         boolean allowWait, String waitingSince) throws SQLException {
        boolean fromThisBatch = waitingSince == null;
        SourceDocument doc = d.doc();
        if (!d.valid()) {
            events.add(new RmosBatch.Event(RmosBatch.Kind.REJECTED, doc, idOf(d), d.reason(), fromThisBatch, null));
            return;
        }
        RmosRow row = d.row();
        RmosRow.Reference missing = null;
        for (RmosRow.Reference ref : row.references()) {
            if (!s.exists(ref.target(), ref.id())) {
                missing = ref;
                break;
            }
        }
        Instant instant = Instant.now();
        String now = Timestamps.of(instant);
        if (missing != null) {
            if (allowWait) {
                store.putWaiting(s.connection(), new RmosStore.Waiting(row.entity(), doc.relativePath(), row.id(),
                        missing.target(), missing.id(), doc.text(), doc.file() == null ? null : doc.file().toString(),
                        waitingSince == null ? now : waitingSince));
                events.add(new RmosBatch.Event(RmosBatch.Kind.WAITING, doc, row.id(), missing.describe(), fromThisBatch, null));
            } else {
                events.add(new RmosBatch.Event(RmosBatch.Kind.REJECTED, doc, row.id(), missing.describe(), fromThisBatch, null));
            }
            return;
        }
        RmosStore.Stored stored = s.stored(row.entity(), row.id());
        if (stored.exists() && doc.contentHash().equals(stored.contentHash())) {
            events.add(new RmosBatch.Event(RmosBatch.Kind.SKIPPED, doc, row.id(), null, fromThisBatch, null));
            return;
        }
        if (stored.exists()) {
            s.keepOverwritten(row.entity(), row.id(), batchId);
        }
        s.upsert(row, doc.contentHash(), batchId, now, Timestamps.forApplication(instant));
        events.add(new RmosBatch.Event(stored.exists() ? RmosBatch.Kind.UPDATED : RmosBatch.Kind.LOADED, doc, row.id(), null,
                fromThisBatch, null));
    }

    /** Loads waiting documents whose reference is now there; a released pattern may release job logs in turn. */
    private void release(RmosStore.Session s, List<RmosBatch.Event> events, long batchId) throws SQLException {
        while (true) {
            List<RmosStore.Waiting> ready = store.resolvable(s.connection());
            if (ready.isEmpty()) {
                return;
            }
            for (RmosStore.Waiting w : ready) {
                store.removeWaiting(s.connection(), w.entity(), w.sourceFile());
                process(s, validator.check(documentOf(w)), events, batchId, true, w.arrivedAt());
            }
        }
    }

    private SourceDocument documentOf(RmosStore.Waiting w) {
        return reader.parse(w.sourceFile(), w.copyPath() == null ? null : Path.of(w.copyPath()), w.payload());
    }

    private static boolean hasWaiting(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM migration_waiting_documents LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private <T> T transaction(boolean rollback, Database.Work<T> work) {
        if (!rollback) {
            return store.db().inTransaction(work);
        }
        // A dry run does all the work, reads its own writes, and then takes them back.
        return store.db().withConnection(c -> {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    // ---- after the commit ----

    private void settle(BatchRun run, List<RmosBatch.Event> events, boolean dry) {
        Map<String, DeadLetter> pending = null;
        List<BatchLedger.ArchivedDocument> archived = new ArrayList<>();
        for (RmosBatch.Event e : events) {
            RmosEntity entity = e.doc().entity();
            if (!dry && !e.fromThisBatch() && e.id() != null && archive.holds(Flow.RMOS.id(), e.doc().file())
                    && (e.kind() == RmosBatch.Kind.LOADED || e.kind() == RmosBatch.Kind.UPDATED)) {
                // a document that waited in the archive for its reference, loaded now
                archived.add(new BatchLedger.ArchivedDocument(entity.folder(), e.id(), e.doc().relativePath(), e.doc().file()));
            }
            switch (e.kind()) {
                case LOADED, UPDATED -> {
                    tally.migrated(entity, e.kind() == RmosBatch.Kind.UPDATED);
                    if (run != null) {
                        run.countFound(1);
                        run.countLoaded(1);
                        if (e.kind() == RmosBatch.Kind.UPDATED) {
                            run.countUpdated(1);
                        }
                    }
                    if (e.replayOf() != null) {
                        deadLetters.markReplayed(e.replayOf(), run.id());
                    }
                }
                case SKIPPED -> {
                    tally.skipped(entity);
                    if (run != null) {
                        run.countFound(1);
                        run.countSkipped(1);
                    }
                    if (e.replayOf() != null) {
                        deadLetters.markReplayed(e.replayOf(), run.id());
                    }
                }
                case REJECTED -> {
                    tally.failed(entity);
                    if (run != null) {
                        run.countFound(1);
                        run.countRejected(1);
                    }
                    if (!dry) {
                        if (pending == null) {
                            pending = pendingByDocument();
                        }
                        deadLetter(run, e, pending.get(e.doc().relativePath()));
                        if (!e.fromThisBatch()) {
                            archive.release(Flow.RMOS.id(), e.doc().file()); // it waited in the archive; now it is a dead letter
                        }
                    }
                    LOG.info("{} rejected: {}", e.doc().relativePath(), e.reason());
                }
                case WAITING -> LOG.info("{} waits: {} not loaded yet", e.doc().relativePath(), e.reason());
            }
            if (!dry && e.fromThisBatch() && e.doc().file() != null) {
                Path original = e.doc().file();
                if (e.kind() == RmosBatch.Kind.REJECTED) {
                    // One place each: a rejected document is its dead letter (copied above), not also archived.
                    if (deleteOriginals) {
                        try {
                            Files.deleteIfExists(original);
                        } catch (IOException ex) {
                            throw new UncheckedIOException("cannot remove " + original + " from the inbox", ex);
                        }
                    }
                    continue;
                }
                Path kept = deleteOriginals ? archive.moveIn(Flow.RMOS.id(), original) : archive.keep(Flow.RMOS.id(), original);
                if (e.id() != null && e.kind() != RmosBatch.Kind.WAITING) {
                    archived.add(new BatchLedger.ArchivedDocument(entity.folder(), e.id(), e.doc().relativePath(), kept));
                }
                if (e.kind() == RmosBatch.Kind.WAITING) {
                    store.db().inTransaction(c -> {
                        store.setWaitingCopy(c, entity, e.doc().relativePath(), kept.toString());
                        return null;
                    });
                }
            }
        }
        if (!dry && run != null) {
            ledger.recordDocuments(run, archived);
        }
    }

    /** The backlog by document path: the same document rejected again updates its dead letter instead of adding one. */
    private Map<String, DeadLetter> pendingByDocument() {
        Map<String, DeadLetter> out = new java.util.HashMap<>();
        for (DeadLetter d : deadLetters.pending(Flow.RMOS.id())) {
            out.putIfAbsent(d.sourceFile(), d);
        }
        return out;
    }

    private void deadLetter(BatchRun run, RmosBatch.Event e, DeadLetter earlier) {
        if (e.replayOf() != null) {
            deadLetters.updateReason(e.replayOf(), e.reason());
            Path copy = e.doc().file();
            if (copy != null) {
                AtomicFiles.writeString(copy.resolveSibling(copy.getFileName() + ".reason.txt"), e.reason() + System.lineSeparator());
            }
            return;
        }
        if (earlier != null) {
            Path copy = Path.of(earlier.payload());
            Path source = e.doc().file();
            if (source != null && Files.exists(source)) {
                AtomicFiles.write(copy, out -> Files.copy(source, out));
            } else {
                AtomicFiles.writeString(copy, e.doc().text());
            }
            AtomicFiles.writeString(copy.resolveSibling(copy.getFileName() + ".reason.txt"), e.reason() + System.lineSeparator());
            deadLetters.updateReason(earlier.id(), e.reason());
            return;
        }
        Path original = e.doc().file();
        Path temporary = null;
        try {
            if (original == null || !Files.exists(original)) {
                // A waiting document whose archived copy is gone: its text is all there is, and it is enough.
                temporary = Files.createTempFile("rmos-", ".json");
                Files.writeString(temporary, e.doc().text(), StandardCharsets.UTF_8);
                original = temporary;
            }
            fileDeadLetters.reject(Flow.RMOS.id(), DeadLetter.DOCUMENT, original, e.doc().relativePath(), e.reason(),
                    run == null ? null : run.id());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot dead-letter " + e.doc().relativePath(), ex);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a temporary file left in the system temp folder harms nothing
                }
            }
        }
    }

    private static String idOf(CheckedDocument d) {
        if (d.row() != null) {
            return d.row().id();
        }
        return d.doc().json() != null && d.doc().json().hasNonNull("id") ? d.doc().json().get("id").asText() : null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
