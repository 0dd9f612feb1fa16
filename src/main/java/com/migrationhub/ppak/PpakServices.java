package com.migrationhub.ppak;

import com.migrationhub.core.Flow;
import com.migrationhub.core.CloseableExecutor;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.util.function.BiConsumer;

/** The PPak flow's beans, wired from the shared core. */
public final class PpakServices {

    private final MappingTables mappings;
    private final CanonicalStore store;
    private final ExportReader reader;
    private final MigrationSummary summary;
    private final ExportBatches batches;
    private final ExportSelection selection;
    private final com.migrationhub.core.InboxSweep sweep;
    private final MappingEnricher enricher;
    private final CanonicalRollback rollback;
    private final MappingFix mappingFix;
    private final java.util.concurrent.ExecutorService chunkThreads;

    public PpakServices(HubCore hub) {
        HubSettings s = hub.settings();
        this.mappings = new MappingTables(hub.home().mappings());
        ExportBatchState.Held states = new ExportBatchState.Held();
        this.store = new CanonicalStore(hub.hubDb(), hub.deadLetters(), states);
        this.reader = new ExportReader(s.getInt("hub.ppak.chunk-size", 2500));
        this.summary = new MigrationSummary(hub.ledger(), hub.deadLetters(), hub.home());
        // lineage's bookkeeping (docs/LINEAGE.md): on unless a bench measures the hub without it
        boolean lineage = s.getBoolean("hub.lineage.bookkeeping", true);
        ExportArchiving archiving = new ExportArchiving(hub.archive(), lineage ? hub.ledger() : null, s.path("hub.ppak.export-dir"),
                s.getBoolean("hub.ppak.delete-originals", true) && !s.getBoolean("hub.ppak.keep-originals", false),
                hub.closeWithHub(new CloseableExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(
                        daemon("ppak-archive")))).executor(), states);
        this.batches = new ExportBatches(hub.ledger(), hub.deadLetters(), reader, hub.fileDeadLetters(), archiving, summary,
                new CanonicalSnapshot(hub.home(), states), hub.home(), states);
        this.sweep = hub.inboxSweep(Flow.PPAK.id(), com.migrationhub.core.DeadLetter.FILE, s.path("hub.ppak.export-dir"),
                false, s.getBoolean("hub.ppak.delete-originals", true) && !s.getBoolean("hub.ppak.keep-originals", false));
        this.selection = new ExportSelection(s.get("hub.ppak.date-range", ""));
        this.enricher = new MappingEnricher(mappings, store, new AppliedMappings(hub.hubDb(), mappings, states, lineage));
        this.rollback = new CanonicalRollback(hub.hubDb(), hub.ledger(), hub.deadLetters(), summary);
        this.mappingFix = new MappingFix(mappings, hub.deadLetters(), hub.home().logs().resolve("mapping-edits.jsonl"));
        // Two translating threads and a queue of two chunks: one chunk loads while the next is translated,
        // and memory stays bounded (the splitter waits when the queue is full).
        int threads = s.getInt("hub.ppak.threads", 2);
        this.chunkThreads = hub.closeWithHub(new CloseableExecutor(new java.util.concurrent.ThreadPoolExecutor(threads, threads,
                0, java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(threads),
                daemon("ppak-chunk"), new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy()))).executor();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public MappingTables mappings() { return mappings; }
    public CanonicalStore store() { return store; }
    public ExportReader reader() { return reader; }
    public ExportBatches batches() { return batches; }
    public ExportSelection selection() { return selection; }
    public MigrationSummary summary() { return summary; }
    public CanonicalRollback rollback() { return rollback; }
    public MappingFix mappingFix() { return mappingFix; }

    public void bindAll(BiConsumer<String, Object> bind) {
        bind.accept("exportSelection", selection);
        bind.accept("ppakInboxSweep", sweep);
        bind.accept("ppakChunkThreads", chunkThreads);
        bind.accept("exportOrder", new ExportOrder());
        bind.accept("exportBatches", batches);
        bind.accept("exportReader", reader);
        bind.accept("projectRowTranslator", new ProjectRowTranslator());
        bind.accept("materialRowTranslator", new MaterialRowTranslator());
        bind.accept("workOrderRowTranslator", new WorkOrderRowTranslator());
        bind.accept("mappingEnricher", enricher);
        bind.accept("recordValidator", new RecordValidator());
        bind.accept("canonicalStore", store);
        bind.accept("canonicalSnapshot", batches.snapshot());
        bind.accept("rowReplay", new RowReplay(batches));
        bind.accept("mappingFix", mappingFix);
    }
}
