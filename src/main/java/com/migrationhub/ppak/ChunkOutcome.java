package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalRecord;
import com.migrationhub.canonical.CanonicalJson;
import com.migrationhub.core.SourceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A chunk on its way through translator, enricher and validator: each row is either a candidate
 * record or a reject with its reason. Every row of the chunk is in exactly one of the two lists.
 */
public final class ChunkOutcome<T extends CanonicalRecord> {

    /** A row's record; {@code json} is its rendering once {@link #prepare()} has run (null before). */
    public record Candidate<T extends CanonicalRecord>(SourceRow row, T record, CanonicalJson.Rendered json) {

        /** The record's JSON forms, rendered now if the chunk was not prepared. */
        CanonicalJson.Rendered rendered() {
            return json != null ? json : CanonicalJson.render(record);
        }
    }

    public record Reject(SourceRow row, String reason) {
    }

    /** What a step decides for one candidate: keep it (possibly revised), or reject it. */
    public record Verdict<T>(T record, String reason) {
        public static <T> Verdict<T> keep(T record) {
            return new Verdict<>(record, null);
        }

        public static <T> Verdict<T> reject(String reason) {
            return new Verdict<>(null, reason);
        }
    }

    private final RowChunk chunk;
    private List<Candidate<T>> candidates = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private final java.util.Map<String, String> innergyIds = new java.util.HashMap<>();

    public ChunkOutcome(RowChunk chunk) {
        this.chunk = chunk;
    }

    /** A translator's rule for one well-formed row: its record, or why it cannot have one. */
    @FunctionalInterface
    interface RowRule<T> {
        Verdict<T> apply(List<String> cells, Columns columns, RowWarnings warnings);
    }

    /** Translates every row of a chunk; a row with the wrong number of cells is rejected first. */
    static <T extends CanonicalRecord> ChunkOutcome<T> translate(RowChunk chunk, RowRule<T> rule) {
        ChunkOutcome<T> outcome = new ChunkOutcome<>(chunk);
        Columns columns = chunk.columns();
        for (SourceRow row : chunk.rows()) {
            String widthProblem = RowShape.problem(columns, row);
            Verdict<T> v = widthProblem != null ? Verdict.reject(widthProblem)
                    : rule.apply(row.cells(), columns, new RowWarnings(chunk.batch(), chunk.export().fileName(), row.line()));
            if (v.reason() != null) {
                outcome.reject(row, v.reason());
            } else {
                outcome.accept(row, v.record());
            }
        }
        return outcome;
    }

    public RowChunk chunk() { return chunk; }
    public List<Candidate<T>> candidates() { return candidates; }
    public List<Reject> rejects() { return rejects; }

    void accept(SourceRow row, T record) {
        candidates.add(new Candidate<>(row, record, null));
    }

    void reject(SourceRow row, String reason) {
        rejects.add(new Reject(row, reason));
    }

    /**
     * Renders every candidate's payload, content hash and snapshot entry ahead of the load, so this CPU
     * work runs on the parallel translating threads rather than inside the ordered, single-writer load.
     */
    public ChunkOutcome<T> prepare() {
        List<Candidate<T>> rendered = new ArrayList<>(candidates.size());
        for (Candidate<T> c : candidates) {
            rendered.add(new Candidate<>(c.row(), c.record(), c.rendered()));
        }
        candidates = rendered;
        return this;
    }

    /** The INNERGY id already linked to a stored record, as the loader found it. */
    public String innergyId(String naturalKey) {
        return innergyIds.get(naturalKey);
    }

    void linkInnergyId(String naturalKey, String innergyId) {
        if (innergyId != null) {
            innergyIds.put(naturalKey, innergyId);
        }
    }

    /** Keeps only these candidates (the loader's survivors), in order. */
    void retain(List<Candidate<T>> kept) {
        candidates = kept;
    }

    /** Applies one step to every candidate, moving the ones it rejects to the rejects. */
    ChunkOutcome<T> review(Function<Candidate<T>, Verdict<T>> step) {
        List<Candidate<T>> kept = new ArrayList<>(candidates.size());
        for (Candidate<T> c : candidates) {
            Verdict<T> v = step.apply(c);
            if (v.reason() != null) {
                rejects.add(new Reject(c.row(), v.reason()));
            } else {
                kept.add(new Candidate<>(c.row(), v.record(), v.record() == c.record() ? c.json() : null));
            }
        }
        candidates = kept;
        return this;
    }
}
