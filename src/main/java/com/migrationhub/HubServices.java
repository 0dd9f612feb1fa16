package com.migrationhub;

import com.migrationhub.core.Archive;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRollback;
import com.migrationhub.core.Database;
import com.migrationhub.core.FileNameOrder;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.FileDeadLetters;
import com.migrationhub.core.Flow;
import com.migrationhub.core.HubCluster;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.InstanceHealthCheck;
import com.migrationhub.extruder.ExtruderServices;
import com.migrationhub.innergy.InnergyServices;
import com.migrationhub.lineage.Lineage;
import com.migrationhub.lineage.OpenLineageEvents;
import com.migrationhub.ops.ConsoleAssets;
import com.migrationhub.ops.OperatorConsole;
import com.migrationhub.ops.HttpErrors;
import com.migrationhub.ops.RequestGuard;
import com.migrationhub.ppak.PpakServices;
import com.migrationhub.rmos.RmosServices;
import java.util.Collection;
import java.util.function.BiConsumer;
import org.apache.camel.CamelContext;

/**
 * The composition root: the shared core, and each flow's beans wired from it. Routes refer to the beans
 * by name; a flow's own database opens only when something of that flow is used.
 */
public final class HubServices implements AutoCloseable {

    private final HubCore core;
    private final PpakServices ppak;
    private InnergyServices innergy;
    private RmosServices rmos;
    private ExtruderServices extruder;

    private HubServices(HubSettings settings) {
        this.core = new HubCore(settings);
        this.ppak = new PpakServices(core);
        String openLineage = settings.get("hub.lineage.openlineage-url", "");
        if (!openLineage.isBlank()) {
            core.ledger().observe(core.closeWithHub(new OpenLineageEvents(openLineage,
                    core.home().root().toUri().toString().replaceFirst("/$", ""))));
        }
    }

    public static HubServices open(HubSettings settings) {
        return new HubServices(settings);
    }

    public HubCore core() { return core; }
    public HubSettings settings() { return core.settings(); }
    public HubHome home() { return core.home(); }
    public Database hubDb() { return core.hubDb(); }
    public BatchLedger ledger() { return core.ledger(); }
    public DeadLetters deadLetters() { return core.deadLetters(); }
    public FileDeadLetters fileDeadLetters() { return core.fileDeadLetters(); }
    public Archive archive() { return core.archive(); }
    public PpakServices ppak() { return ppak; }

    /** Lineage ({@code ./hub trace}, {@code GET /api/lineage/{kind}/{key}}); a flow's database opens when its kind is traced. */
    public Lineage lineage() {
        return new Lineage(core, () -> extruder().db(), () -> rmos().db());
    }

    /** Made when the beans are bound: the INNERGY client sends through the Camel context. */
    public synchronized InnergyServices innergy() {
        if (innergy == null) {
            throw new IllegalStateException("the INNERGY flow needs a Camel context: start a HubRuntime");
        }
        return innergy;
    }

    /** Opened on first use: a command that never touches RMOS does not depend on its database. */
    public synchronized RmosServices rmos() {
        if (rmos == null) {
            rmos = new RmosServices(core);
        }
        return rmos;
    }

    /** Opened on first use, like RMOS: the extruder database is its own. */
    public synchronized ExtruderServices extruder() {
        if (extruder == null) {
            extruder = new ExtruderServices(core);
        }
        return extruder;
    }

    /**
     * Each flow's rollback, registered by its {@link Flow}: every flow must say whether it has one (this switch has no
     * default). INNERGY's batches write to INNERGY, not to a database of the hub's: none.
     */
    public BatchRollback rollbackOf(Flow flow) {
        return switch (flow) {
            case PPAK -> ppak.rollback();
            case RMOS -> rmos().rollback();
            case EXTRUDER -> extruder().rollback();
            case INNERGY -> null;
        };
    }

    /**
     * Bean names before issue 24 (bean name = lower-camel class name), bound as aliases of the same objects so that a
     * home's own {@code routes/<flow>.camel.yaml} written against them keeps working for one release. Remove in the
     * next release (README, "Upgrading").
     */
    static final java.util.Map<String, String> FORMER_NAMES = java.util.Map.ofEntries(
            java.util.Map.entry("exportBatches", "ppakBatches"),
            java.util.Map.entry("rowReplay", "ppakReplay"),
            java.util.Map.entry("exportSelection", "ppakExportSelection"),
            java.util.Map.entry("exportOrder", "ppakExportOrder"),
            java.util.Map.entry("exportReader", "ppakExportReader"),
            java.util.Map.entry("mappingFix", "ppakMappingFix"),
            java.util.Map.entry("sampleReplay", "extruderReplay"),
            java.util.Map.entry("configSnapshots", "extruderConfig"),
            java.util.Map.entry("controllerEvents", "extruderEvents"),
            java.util.Map.entry("runsApi", "extruderApi"),
            java.util.Map.entry("liveRunLogs", "extruderLiveLogs"),
            java.util.Map.entry("runLogs", "extruderRunLogs"),
            java.util.Map.entry("logReader", "extruderLogReader"),
            java.util.Map.entry("migrationDashboard", "rmosDashboard"),
            java.util.Map.entry("documentSelection", "rmosDocumentSelection"),
            java.util.Map.entry("documentReader", "rmosDocumentReader"),
            java.util.Map.entry("documentValidator", "rmosDocumentValidator"));

    /**
     * Binds the beans the given route files use into the registry of {@code camel}, which is not started yet;
     * a flow's own database opens only when its routes run.
     */
    public void bindFor(Collection<String> routeFiles, CamelContext camel, BiConsumer<String, Object> named) {
        BiConsumer<String, Object> bind = (name, bean) -> {
            named.accept(name, bean);
            String old = FORMER_NAMES.get(name);
            if (old != null) {
                named.accept(old, bean);
            }
        };
        // the hub's meters and Camel's in one registry, served on /observe/metrics
        bind.accept("metricsRegistry", core.metrics().registry());
        bind.accept("batchLedger", core.ledger());
        bind.accept("deadLetters", core.deadLetters());
        bind.accept("fileDeadLetters", core.fileDeadLetters());
        bind.accept("fileNameOrder", new FileNameOrder());
        OperatorConsole console = new OperatorConsole(core.hubDb(), core.ledger(), core.deadLetters(), core.home());
        bind.accept("operatorConsole", console);
        bind.accept("consoleAssets", new ConsoleAssets());
        bind.accept("requestGuard", new RequestGuard(core.settings().get("hub.http.allowed-hosts", ""),
                core.settings().get("hub.http.host", ""), core.settings().get("hub.http.token", "")));
        bind.accept("httpErrors", new HttpErrors());
        bind.accept("batchRollbacks", new BatchRollbacks(this));
        bind.accept("lineage", lineage());
        // the console's Cut-over page reads the home only: bound whether or not the extruder routes run
        bind.accept("cutoverOverview", com.migrationhub.extruder.cutover.CutoverOverview.of(core.settings()));
        bind.accept("instanceHealthCheck", new InstanceHealthCheck(core.settings().get("hub.instance.id")));
        HubCluster.bind(core.settings(), core.hubDb(), bind);
        ppak.bindAll(bind);
        if (routeFiles.contains("rmos")) {
            rmos().bindAll(bind);
        }
        if (routeFiles.contains("extruder")) {
            extruder().bindAll(bind);
        }
        synchronized (this) {
            innergy = new InnergyServices(core, camel.createProducerTemplate());
        }
        innergy.bindAll(bind);
    }

    @Override
    public void close() {
        core.close();
    }
}
