package com.migrationhub.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One batch in progress: a file (or a command run) from the moment it is taken until its counts are
 * written to the ledger. It travels with the file's exchange and with each chunk split from it.
 */
public final class BatchRun {

    private static final int MAX_WARNINGS = 500;

    private final long id;
    private final String flow;
    private final String source;
    private final String sha256;
    private final Instant started;
    private final Long duplicateOf;
    private final WorkProgress progress;
    private long found;
    private long loaded;
    private long updated;
    private long rejected;
    private long skipped;
    private long warningCount;
    private final List<String> warnings = new ArrayList<>();
    private final UnmappedValues unmapped = new UnmappedValues();
    private volatile String decodedAs;

    BatchRun(long id, String flow, String source, String sha256, Instant started, Long duplicateOf, WorkProgress progress) {
        this.progress = progress;
        this.id = id;
        this.flow = flow;
        this.source = source;
        this.sha256 = sha256;
        this.started = started;
        this.duplicateOf = duplicateOf;
    }

    public long id() { return id; }
    public String flow() { return flow; }
    public String source() { return source; }
    public String sha256() { return sha256; }
    public Instant started() { return started; }

    /** The charset the batch decoded its source text with (kept with its archived original, for lineage), or null. */
    public String decodedAs() { return decodedAs; }
    public void decodedAs(String charset) { decodedAs = charset; }

    /** The earlier batch that already processed this exact content, or null. */
    public Long duplicateOf() { return duplicateOf; }
    public boolean isDuplicate() { return duplicateOf != null; }

    public synchronized void countFound(long n) {
        found += n;
        progress.rowsFound(n);
    }

    /** Source bytes read for this batch: how far into its file it is (progress only, not in the ledger). */
    public void countRead(long bytes) {
        progress.bytesRead(bytes);
    }

    public synchronized void countLoaded(long n) { loaded += n; }
    public synchronized void countUpdated(long n) { updated += n; }
    public synchronized void countRejected(long n) { rejected += n; }
    public synchronized void countSkipped(long n) { skipped += n; }

    public synchronized long found() { return found; }
    public synchronized long loaded() { return loaded; }
    public synchronized long updated() { return updated; }
    public synchronized long rejected() { return rejected; }
    public synchronized long skipped() { return skipped; }

    public synchronized void warn(String warning) {
        warningCount++;
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        }
    }

    public synchronized List<String> warnings() { return List.copyOf(warnings); }
    public synchronized long warningCount() { return warningCount; }

    /** A value the mapping tables do not know, by kind (status, phase, material, uom). */
    public synchronized void unmapped(String kind, String value) {
        unmapped.add(kind, value);
    }

    public synchronized Map<String, List<String>> unmappedValues() {
        return unmapped.toMap();
    }
}
