package com.migrationhub.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What every flow shares and none owns: the settings, the home's folders, the hub database with its ledger
 * and dead letters, and the archive. A flow's wiring takes this and nothing of another flow's.
 */
public final class HubCore implements AutoCloseable {

    private final HubSettings settings;
    private final HubHome home;
    private final Database hubDb;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final FileDeadLetters fileDeadLetters;
    private final Archive archive;
    private final HubMetrics metrics;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public HubCore(HubSettings settings) {
        this.settings = settings;
        this.home = settings.home().ensureLayout();
        this.hubDb = closeWithHub(Database.open("hub", settings.get("hub.db.url")));
        if (HubCluster.enabled(settings)) {
            HubCluster.migrate(hubDb);
        }
        this.ledger = new BatchLedger(hubDb, Json.mapper(), settings.get("hub.instance.id"));
        this.deadLetters = new DeadLetters(hubDb);
        this.fileDeadLetters = new FileDeadLetters(home, deadLetters);
        this.archive = new Archive(home);
        this.metrics = new HubMetrics(deadLetters, ledger);
    }

    public HubSettings settings() { return settings; }
    public HubHome home() { return home; }
    public Database hubDb() { return hubDb; }
    public BatchLedger ledger() { return ledger; }
    public DeadLetters deadLetters() { return deadLetters; }
    public FileDeadLetters fileDeadLetters() { return fileDeadLetters; }
    public Archive archive() { return archive; }
    public HubMetrics metrics() { return metrics; }
    public WorkProgress progress() { return ledger.progress(); }

    /** The inbox rule for links and misplaced folders (see {@link InboxSweep}), for one flow's file consumer. */
    public InboxSweep inboxSweep(String flow, String kind, java.nio.file.Path inbox, boolean folders, boolean moveOut) {
        return inboxSweep(flow, kind, inbox, folders, moveOut, null);
    }

    /** The same, for an inbox whose files may hold secrets: a poisoned file's dead letter keeps {@code copy}'s rendering. */
    public InboxSweep inboxSweep(String flow, String kind, java.nio.file.Path inbox, boolean folders, boolean moveOut,
                                 InboxSweep.DeadLetterCopy copy) {
        return new InboxSweep(flow, kind, inbox, folders, moveOut, fileDeadLetters, ledger, copy);
    }

    /** Registers a resource (a flow's database, a thread pool) to close with the hub, last opened first closed. */
    public synchronized <T extends AutoCloseable> T closeWithHub(T resource) {
        closeables.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // closing on the way out: nothing useful left to do with the failure
            }
        }
        closeables.clear();
    }
}
