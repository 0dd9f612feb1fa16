package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.SourceRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The runbook's cut-over proof for one run: every data line of its CSV against the stored samples, line by line and
 * value by value (instant, the ten columns, status, partial), read again through the same translator. A line not
 * stored must be accounted for by its dead letter; a stored sample no line explains is a difference too.
 */
public final class ParityCheck {

    private static final int MAX_LISTED = 50;

    private final RunStore store;
    private final DeadLetters deadLetters;
    private final ZoneId zone;
    private final RunSampleTranslator translator = new RunSampleTranslator();
    private final LogReader reader = new LogReader(5000);

    public ParityCheck(RunStore store, DeadLetters deadLetters, ZoneId zone) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.zone = zone;
    }

    /**
     * One run's verdict. {@code unchecked} says why a run cannot be checked at all: its log was cut, rewritten,
     * replaced or vanished under the hub, so no file holds what its samples were read from (the run's status and the
     * WARN at the time said so); it is neither a match nor a mismatch.
     */
    public record RunParity(long runId, String sourceFile, String csv, boolean match, long csvLines, long stored,
                            long matched, long rejected, long differences, List<String> listed, String unchecked) {

        public boolean mismatch() {
            return !match && unchecked == null;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", runId);
            m.put("log", sourceFile);
            m.put("csv", csv);
            m.put("match", match);
            m.put("csv_lines", csvLines);
            m.put("stored_samples", stored);
            m.put("matched", matched);
            m.put("rejected_with_dead_letter", rejected);
            m.put("differences", differences);
            m.put("listed", listed);
            if (unchecked != null) {
                m.put("unchecked", unchecked);
            }
            return m;
        }
    }

    public RunParity check(RunRecord run) {
        List<String> listed = new ArrayList<>();
        long[] differences = {0};
        java.util.function.Consumer<String> differ = d -> {
            differences[0]++;
            if (listed.size() < MAX_LISTED) {
                listed.add(d);
            }
        };
        Path csv = run.sourcePath() == null ? null : Path.of(run.sourcePath());
        long stored = store.countSamples(run.id());
        if (run.logLost()) {
            return new RunParity(run.id(), run.sourceFile(), String.valueOf(csv), false, 0, stored, 0, 0, 0, listed,
                    "run " + run.status() + ": " + run.statusReason());
        }
        if (csv == null || !Files.isRegularFile(csv)) {
            differ.accept("the log " + (csv == null ? run.sourceFile() : csv) + " is missing: " + stored + " stored samples unchecked");
            return new RunParity(run.id(), run.sourceFile(), String.valueOf(csv), false, 0, stored, 0, 0, differences[0], listed, null);
        }
        RunLogName name = run.logName();
        LogFormat format = LogFormat.ofVersion(run.headerVersion());
        // a recording run is compared up to the block it has read; a complete one to the end of its log
        long end = run.recording() ? run.bytesDone() : size(csv);
        LogIngest again = new LogIngest(null, csv, name, format, null, SampleClock.of(format, zone, name.started(), null),
                Set.of(), false, false, 0, 0, end, new IngestTally());
        Set<Long> rejectedLines = deadLetters.waitingLines(Flow.EXTRUDER.id(), run.sourceFile(), 0);
        long csvLines = 0, matched = 0, rejected = 0, lastLine = 0, seenStored = 0;
        try (LogReader.Chunks chunks = reader.chunks(again)) {
            while (chunks.hasNext()) {
                LogChunk chunk = chunks.next();
                List<SourceRow> rows = chunk.rows();
                csvLines += rows.size();
                long from = rows.get(0).line();
                long to = rows.get(rows.size() - 1).line();
                Map<Long, RunSample> inDb = store.samples(run.id(), from, to);
                seenStored += inDb.size();
                SampleChunk expected = translator.translate(chunk);
                for (RunSample want : expected.samples()) {
                    RunSample got = inDb.remove(want.line());
                    if (got == null) {
                        if (rejectedLines.contains(want.line())) {
                            rejected++;
                        } else {
                            differ.accept("line " + want.line() + ": in the log, not stored");
                        }
                    } else {
                        String diff = difference(want, got);
                        if (diff == null) {
                            matched++;
                        } else {
                            differ.accept("line " + want.line() + ": " + diff);
                        }
                    }
                }
                for (SampleChunk.Reject r : expected.rejects()) {
                    RunSample got = inDb.remove(r.line());
                    if (rejectedLines.contains(r.line())) {
                        rejected++;
                    } else if (got == null) {
                        differ.accept("line " + r.line() + ": not stored and no dead letter (" + r.reason() + ")");
                    } else {
                        differ.accept("line " + r.line() + ": stored, but the log's line is unreadable (" + r.reason() + ")");
                    }
                }
                for (Long line : inDb.keySet()) {
                    differ.accept("line " + line + ": stored, not a data line of the log");
                }
                lastLine = to;
            }
        }
        long beyond = stored - seenStored;
        if (beyond > 0) {
            differ.accept(beyond + " stored samples after the log's last line " + lastLine);
        }
        return new RunParity(run.id(), run.sourceFile(), csv.toString(), differences[0] == 0, csvLines, stored, matched,
                rejected, differences[0], listed, null);
    }

    /** The first difference between what the log says and what is stored, or null. */
    static String difference(RunSample want, RunSample got) {
        if (want.recordedAt() != got.recordedAt()) {
            return "recorded_at " + java.time.Instant.ofEpochMilli(want.recordedAt()) + " in the log, "
                    + java.time.Instant.ofEpochMilli(got.recordedAt()) + " stored";
        }
        for (SampleColumn c : SampleColumn.values()) {
            Double w = want.value(c);
            Double g = got.value(c);
            if (!Objects.equals(w, g)) {
                return c.column() + " " + (w == null ? "NULL" : w) + " in the log, " + (g == null ? "NULL" : g) + " stored";
            }
        }
        if (!Objects.equals(want.status(), got.status()) || want.partial() != got.partial()) {
            return "status " + want.status() + (want.partial() ? " (partial)" : "") + " in the log, " + got.status()
                    + (got.partial() ? " (partial)" : "") + " stored";
        }
        return null;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
