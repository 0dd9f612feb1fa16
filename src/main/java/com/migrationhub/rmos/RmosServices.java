package com.migrationhub.rmos;

import com.migrationhub.core.Flow;
import com.migrationhub.core.Database;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.concurrent.SynchronousExecutorService;

/** The RMOS flow's beans, wired from the shared core; the RMOS database is its own ({@code hub.rmos.db.url}). */
public final class RmosServices {

    private final Database db;
    private final RmosStore store;
    private final DocumentReader reader = new DocumentReader();
    private final DocumentValidator validator = new DocumentValidator();
    private final MigrationTally tally = new MigrationTally();
    private final RmosLoader loader;
    private final com.migrationhub.core.InboxSweep sweep;
    private final DocumentSelection selection;
    private final MigrationDashboard dashboard;
    private final RmosReports reports;
    private final RmosRollback rollback;

    public RmosServices(HubCore hub) {
        HubSettings s = hub.settings();
        this.db = hub.closeWithHub(Database.open("rmos", s.get("hub.rmos.db.url")));
        this.store = new RmosStore(db);
        Duration timeout = Duration.ofMillis(TimeUtils.toMilliSeconds(s.get("hub.rmos.orphan-timeout", "10m")));
        this.loader = new RmosLoader(store, reader, validator, hub.ledger(), hub.deadLetters(), hub.fileDeadLetters(),
                hub.archive(), tally, s.getBoolean("hub.rmos.dry-run", false), s.getBoolean("hub.rmos.delete-originals", true),
                timeout);
        this.sweep = hub.inboxSweep(Flow.RMOS.id(), com.migrationhub.core.DeadLetter.DOCUMENT, s.path("hub.rmos.data-dir"),
                true, s.getBoolean("hub.rmos.delete-originals", true) && !s.getBoolean("hub.rmos.dry-run", false));
        this.selection = new DocumentSelection(!s.getBoolean("hub.rmos.delete-originals", true));
        this.dashboard = new MigrationDashboard(store, hub.ledger());
        this.reports = new RmosReports(hub.home().reports());
        this.rollback = new RmosRollback(db, hub.hubDb(), hub.ledger(), hub.deadLetters());
    }

    public Database db() { return db; }
    public RmosStore store() { return store; }
    public RmosLoader loader() { return loader; }
    public MigrationTally tally() { return tally; }
    public DocumentSelection selection() { return selection; }
    public MigrationDashboard dashboard() { return dashboard; }
    public RmosReports reports() { return reports; }
    public RmosRollback rollback() { return rollback; }
    public RmosAudit audit() { return new RmosAudit(db); }

    public void bindAll(BiConsumer<String, Object> bind) {
        bind.accept("documentSelection", selection);
        bind.accept("rmosInboxSweep", sweep);
        bind.accept("documentReader", reader);
        bind.accept("documentValidator", validator);
        bind.accept("rmosBatchAggregation", new GroupedBodyAggregationStrategy());
        // A batch runs on the thread that completed it: the last file of a poll is done only once its
        // batch has committed, and batches of one poll commit in order (families before patterns).
        bind.accept("rmosBatchThread", new SynchronousExecutorService());
        bind.accept("rmosLoader", loader);
        bind.accept("migrationDashboard", dashboard);
    }
}
