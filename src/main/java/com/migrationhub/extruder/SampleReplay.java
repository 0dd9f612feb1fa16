package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.ReplayOutcome;
import com.migrationhub.core.RowPayload;
import com.migrationhub.core.SourceRow;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Puts an extruder dead letter back through the flow: a rejected line (its cells as fixed in the dead letter)
 * through the same translator into its run; a rejected log, the dead-letter copy, through the log route again.
 * A line rejected again stays a dead letter with its new reason.
 */
public final class SampleReplay {

    private final RunStore store;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final RunSampleTranslator translator;
    private final ZoneId zone;

    public SampleReplay(RunStore store, BatchLedger ledger, DeadLetters deadLetters, RunSampleTranslator translator, ZoneId zone) {
        this.store = store;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.translator = translator;
        this.zone = zone;
    }

    public boolean isFile(DeadLetter letter) {
        return letter.isFile();
    }

    /** A link's dead letter (the link itself) is never replayed through the link. */
    public boolean isLink(DeadLetter letter) {
        return letter.isFile() && com.migrationhub.core.InboxSweep.isLink(letter.fileCopy().toPath());
    }

    public ReplayOutcome refuseLink(DeadLetter letter) {
        deadLetters.updateReason(letter.id(), com.migrationhub.core.InboxSweep.LINK_REASON);
        return ReplayOutcome.rejected(letter.id(), null, com.migrationhub.core.InboxSweep.LINK_REASON);
    }

    public File fileOf(DeadLetter letter) {
        return letter.fileCopy();
    }

    /** After a log replay: loaded when its batch finished; otherwise it stays a dead letter with the new reason. */
    public ReplayOutcome fileOutcome(DeadLetter letter, LogIngest ingest) {
        if (ingest != null && BatchLedger.DONE.equals(ledger.find(ingest.batch().id()).status())) {
            deadLetters.markReplayed(letter.id(), ingest.batch().id());
            return ReplayOutcome.loaded(letter.id(), ingest.batch().id());
        }
        return ReplayOutcome.rejected(letter.id(), ingest == null ? null : ingest.batch().id(), deadLetters.find(letter.id()).reason());
    }

    public ReplayOutcome row(DeadLetter letter) {
        RunRecord run = store.find(letter.sourceFile());
        if (run == null) {
            return ReplayOutcome.rejected(letter.id(), null, "no run for " + letter.sourceFile() + " (rolled back?): "
                    + "drop the log again instead");
        }
        RunLogName name = run.logName();
        LogFormat format = LogFormat.ofVersion(run.headerVersion());
        long line = letter.line() == null ? 0 : letter.line();
        BatchRun batch = ledger.open(Flow.EXTRUDER.id(), letter.sourceFile(), null);
        // v1/v2 lines carry a time of day: the day is the one of the stored sample before the line
        LogIngest ingest = new LogIngest(batch, Path.of(letter.sourceFile()), name, format, null,
                SampleClock.of(format, zone, name.started(), store.instantBefore(run.id(), line)), Set.of(), false, true,
                0, 0, 0, new IngestTally());
        SampleChunk translated = translator.translate(new LogChunk(ingest,
                List.of(new SourceRow(line, RowPayload.parse(letter.payload()).cells()))));
        batch.countFound(1);
        if (!translated.rejects().isEmpty()) {
            String reason = translated.rejects().get(0).reason();
            deadLetters.updateReason(letter.id(), reason);
            batch.countRejected(1);
            ledger.close(batch, BatchLedger.DONE, null);
            return ReplayOutcome.rejected(letter.id(), batch.id(), reason);
        }
        store.write(new SampleChunk(new LogIngest(batch, ingest.file(), name, format, run, null, Set.of(), false, true, 0, 0, 0,
                ingest.tally()), translated.samples(), List.of(), 0, line, line), false);
        batch.countLoaded(1);
        deadLetters.markReplayed(letter.id(), batch.id());
        ledger.close(batch, BatchLedger.DONE, null);
        return ReplayOutcome.loaded(letter.id(), batch.id());
    }
}
