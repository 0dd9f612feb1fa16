package com.migrationhub.lineage;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.HubCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lineage (SPEC §11): from any stored record back to the exact line and mapping it came from and forward to INNERGY.
 * {@code ./hub trace KIND KEY} prints {@link #lineage}'s answer; {@code GET /api/lineage/{kind}/{key}} returns it.
 * A flow's own database opens only when a kind of that flow is traced.
 */
public final class Lineage {

    public static final List<String> KINDS = List.of("project", "material", "work-order", "innergy", "run", "sample", "profile",
            "event", "alarm", "rmos", "dead-letter");

    private final HubCore core;
    private final Supplier<Database> extruderDb;
    private final Supplier<Database> rmosDb;

    public Lineage(HubCore core, Supplier<Database> extruderDb, Supplier<Database> rmosDb) {
        this.core = core;
        this.extruderDb = extruderDb;
        this.rmosDb = rmosDb;
    }

    /**
     * The trace of one record, or empty when no such record is stored.
     *
     * @throws IllegalArgumentException for an unknown kind or a key of the wrong shape (exit 2, HTTP 400)
     */
    public Optional<Trace> lineage(String kind, String key) {
        if (kind == null || !KINDS.contains(kind)) {
            throw new com.migrationhub.core.BadRequestException("unknown kind '" + kind + "' (one of " + String.join(", ", KINDS) + ")");
        }
        if (key == null || key.isBlank() || key.length() > 500 || key.codePoints().anyMatch(Character::isISOControl)) {
            throw new com.migrationhub.core.BadRequestException("the key must be one line of text, 1 to 500 characters");
        }
        Trace.Subject subject = new Trace.Subject(kind, key);
        LedgerReads reads = new LedgerReads(core.hubDb(), core.ledger(), core.home());
        return switch (kind) {
            case "project", "material", "work-order" -> new PpakLineage(reads).canonical(subject);
            case "innergy" -> new PpakLineage(reads).innergy(subject);
            case "dead-letter" -> deadLetter(reads, subject, number(key, "a dead letter id"));
            case "rmos" -> new RmosLineage(reads, rmosDb.get()).trace(subject);
            default -> new ExtruderLineage(reads, extruderDb.get()).trace(subject);
        };
    }

    /**
     * {@code GET /api/lineage/{kind}/{key}}: the trace as {@code ./hub trace KIND KEY --json} answers it (without the
     * envelope).
     *
     * @throws NoSuchElementException when nothing of that kind and key is stored (HTTP 404)
     * @throws IllegalArgumentException for an unknown kind or a key of the wrong shape (HTTP 400)
     */
    public Map<String, Object> answer(String kind, String key) {
        return lineage(kind, key).orElseThrow(() -> new NoSuchElementException(notStored(kind, key))).answer();
    }

    /** The sentence for a trace that found nothing. */
    public static String notStored(String kind, String key) {
        return "no " + kind + " " + key + " is stored";
    }

    static long number(String key, String what) {
        try {
            long n = Long.parseLong(key.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new com.migrationhub.core.BadRequestException("the key must be " + what + " (a whole number), not '" + key + "'");
        }
    }

    /** A dead letter: the line or document it came from, why it was rejected, and the replay that loaded it. */
    private static Optional<Trace> deadLetter(LedgerReads reads, Trace.Subject subject, long id) {
        DeadLetter d = reads.deadLetter(id);
        if (d == null) {
            return Optional.empty();
        }
        BatchLedger.Batch batch = reads.batch(d.batchId());
        Trace.Source source;
        if (d.isFile()) {
            Path copy = Path.of(d.payload());
            String text = Files.isRegularFile(copy) ? SourceText.document(copy) : null;
            source = new Trace.Source(d.sourceFile(), batch == null ? null : batch.sha256(), sizeOf(copy),
                    batch == null ? d.created() : batch.started(), copy.toString(), null, text == null ? Trace.Source.GONE : text);
        } else if (d.line() == null && "innergy".equals(d.flow())) {
            // an INNERGY reject: its source is the canonical record it carries
            source = new Trace.Source(d.sourceFile(), null, null, d.created(), null, null, d.payload());
        } else {
            String name = d.sourceFile().toLowerCase(java.util.Locale.ROOT);
            source = reads.source(batch, d.sourceFile(), d.line(), name.endsWith(".csv") ? LedgerReads.Unit.CSV_RECORD
                    : name.endsWith(".jsonl") ? LedgerReads.Unit.LINE : LedgerReads.Unit.DOCUMENT);
        }
        LedgerReads.Timeline timeline = reads.new Timeline();
        if (batch != null) {
            timeline.add(batch.started(), d.sourceFile() + " taken", batch.id());
        }
        reads.deadLetterSteps(timeline, List.of(d));
        return Optional.of(new Trace(subject, source, reads.ref(d.batchId()), d.toMap(), List.of(), List.of(),
                LedgerReads.refs(List.of(d)), List.of(), timeline.sorted()));
    }

    private static Long sizeOf(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
