package com.migrationhub.core;

import com.migrationhub.innergy.InnergyServices;
import com.migrationhub.ppak.PpakServices;
import com.migrationhub.rmos.RmosServices;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The plain Java services behind the routes, built once per runtime: the hub database and its
 * ledger, the dead letters, and each flow's beans. Routes refer to them by name.
 */
public final class HubServices implements AutoCloseable {

    private final HubSettings settings;
    private final HubHome home;
    private final Database hubDb;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final FileDeadLetters fileDeadLetters;
    private final Archive archive;
    private final PpakServices ppak;
    private RmosServices rmos;
    private final InnergyServices innergy;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private HubServices(HubSettings settings) {
        this.settings = settings;
        this.home = settings.home().ensureLayout();
        this.hubDb = Database.open("hub", settings.get("hub.db.url"));
        closeables.add(hubDb);
        this.ledger = new BatchLedger(hubDb, Json.mapper());
        this.deadLetters = new DeadLetters(hubDb);
        this.fileDeadLetters = new FileDeadLetters(home, deadLetters);
        this.archive = new Archive(home);
        this.ppak = new PpakServices(this);
        this.innergy = new InnergyServices(this);
    }

    public static HubServices open(HubSettings settings) {
        return new HubServices(settings);
    }

    public HubSettings settings() { return settings; }
    public HubHome home() { return home; }
    public Database hubDb() { return hubDb; }
    public BatchLedger ledger() { return ledger; }
    public DeadLetters deadLetters() { return deadLetters; }
    public FileDeadLetters fileDeadLetters() { return fileDeadLetters; }
    public Archive archive() { return archive; }
    public PpakServices ppak() { return ppak; }
    /** Opened on first use: a command that never touches RMOS does not depend on its database. */
    public synchronized RmosServices rmos() {
        if (rmos == null) {
            rmos = new RmosServices(this);
        }
        return rmos;
    }
    public InnergyServices innergy() { return innergy; }

    /** Registers a resource to close with the runtime (another flow's database). */
    public <T extends AutoCloseable> T closeWithHub(T resource) {
        closeables.add(resource);
        return resource;
    }

    /** Binds the beans the given route files use; a flow's own database opens only when its routes run. */
    public void bindFor(java.util.Collection<String> routeFiles, BiConsumer<String, Object> bind) {
        bind.accept("batchLedger", ledger);
        bind.accept("deadLetters", deadLetters);
        bind.accept("fileDeadLetters", fileDeadLetters);
        OperatorConsole console = new OperatorConsole(hubDb, ledger, deadLetters, settings.get("hub.http.token", ""));
        bind.accept("operatorConsole", console);
        bind.accept("dashboardPage", new DashboardPage(console));
        ppak.bindAll(bind);
        if (routeFiles.contains("rmos")) {
            rmos().bindAll(bind);
        }
        innergy.bindAll(bind);
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // closing on the way out: nothing useful left to do with the failure
            }
        }
    }
}
