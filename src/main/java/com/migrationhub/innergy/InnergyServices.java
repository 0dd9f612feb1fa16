package com.migrationhub.innergy;

import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.util.function.BiConsumer;
import org.apache.camel.ProducerTemplate;

/**
 * The INNERGY flow's beans. The API key is read here, in Java, from the hub's settings (HubRuntime keeps
 * it out of Camel's properties) and handed only to {@link InnergyApiKey}, which adds it inside the HTTP client.
 * The client is made here, once: it sends through the given template to the route {@code direct:innergy-call}.
 */
public final class InnergyServices {

    private final HubSettings settings;
    private final com.migrationhub.core.HubMetrics metrics;
    private final com.migrationhub.core.WorkProgress progress;
    private final InnergyPaths paths;
    private final InnergyApiKey apiKey;
    private final InnergyHttp http;
    private final InnergyAnswers answers;
    private final InnergyFailures failures;
    private final InnergyLinks links;
    private final CanonicalReader reader;
    private final InnergyDeadLetters deadLetters;
    private final ProjectImport projectImport;
    private final MaterialSync materialSync;
    private final HealthCheck healthCheck;
    private final java.util.concurrent.ExecutorService pool;
    private final ProducerTemplate camel;
    private final InnergyClient client;

    /** {@code camel} is a template of the context that runs the INNERGY routes; it may not be started yet. */
    public InnergyServices(HubCore hub, ProducerTemplate camel) {
        this.settings = hub.settings();
        this.metrics = hub.metrics();
        this.progress = hub.progress();
        this.paths = InnergyPaths.from(settings);
        String baseUrl = baseUrl(settings);
        this.apiKey = new InnergyApiKey(settings.get("hub.innergy.api-key", null), baseUrl);
        this.answers = new InnergyAnswers(baseUrl);
        this.failures = new InnergyFailures(settings.getInt("hub.innergy.retry.max-retry-after-s", 120) * 1000L);
        this.camel = camel;
        this.client = new InnergyClient(camel, paths, baseUrl, settings.getInt("hub.innergy.page-size", 500),
                apiKey.isPresent(), metrics);
        this.links = new InnergyLinks(hub.hubDb());
        this.reader = new CanonicalReader(hub.hubDb());
        this.deadLetters = new InnergyDeadLetters(hub.home(), hub.deadLetters(), hub.ledger());
        this.projectImport = new ProjectImport(this, reader, links, deadLetters, hub.ledger(), hub.home());
        this.materialSync = new MaterialSync(this, settings, hub.home(), hub.ledger(), deadLetters);
        this.healthCheck = new HealthCheck(this, reader, hub.ledger(), hub.deadLetters(), hub.home());
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        // INNERGY's HTTP client holds hub.innergy.concurrency requests on the wire at most (InnergyHttp); the import
        // has twice as many workers, so the next request is ready when a slot frees instead of being built after it
        this.http = new InnergyHttp(apiKey, concurrency());
        this.pool = java.util.concurrent.Executors.newFixedThreadPool(2 * concurrency(), r -> {
            Thread t = new Thread(r, "innergy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        hub.closeWithHub(pool::shutdownNow);
    }

    public int concurrency() {
        return Math.max(1, settings.getInt("hub.innergy.concurrency", 4));
    }

    public ProjectImport projectImport() { return projectImport; }
    public MaterialSync materialSync() { return materialSync; }
    public HealthCheck healthCheck() { return healthCheck; }
    public CanonicalReader reader() { return reader; }
    public InnergyLinks links() { return links; }

    static String baseUrl(HubSettings settings) {
        String url = settings.get("hub.innergy.base-url", "http://127.0.0.1:8089").strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public InnergyPaths paths() { return paths; }
    /** Where the import and the sync report each record they handle, for a command's progress. */
    public com.migrationhub.core.WorkProgress progress() { return progress; }
    public boolean hasApiKey() { return apiKey.isPresent(); }
    public boolean live() { return "live".equalsIgnoreCase(settings.get("hub.innergy.mode", "dry-run")); }

    /**
     * Runs an import: prepare, the route {@code direct:innergy-import-projects}, then the report. A run
     * stopped by a refused key or an unreachable INNERGY still writes its report, then rethrows.
     */
    public java.util.Map<String, Object> importProjects(java.nio.file.Path file, boolean live) {
        ProjectImport.Run run = projectImport.prepare(file, live);
        try {
            camel.requestBody("direct:innergy-import-projects", run);
        } catch (org.apache.camel.CamelExecutionException e) {
            RuntimeException cause = unwrap(e);
            projectImport.finish(run, cause.getMessage());
            throw cause;
        }
        return projectImport.finish(run, null);
    }

    /**
     * The INNERGY half of a migration cycle: material sync, then project import, then the health check.
     * Each step's report, condensed; the full reports are in outbox/reports/.
     */
    public java.util.Map<String, Object> cycle(boolean live) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        java.util.Map<String, Object> sync = materialSync.sync(null, live, false).asMap();
        out.put("material_sync", condensed(sync, "counts", "report", "plan_file"));
        java.util.Map<String, Object> imported = importProjects(null, live);
        out.put("import", condensed(imported, "projects", "work_orders", "failures", "requests_sent", "report", "plan_file"));
        if (hasApiKey()) {
            java.util.Map<String, Object> health = healthCheck.check(null);
            out.put("health_check", condensed(health, "overall_health", "errors", "warnings", "report"));
        } else {
            java.util.Map<String, Object> skipped = new java.util.LinkedHashMap<>();
            skipped.put("overall_health", "unknown");
            skipped.put("errors", java.util.List.of("health check skipped: INNERGY_API_KEY is not set (offline dry run)"));
            skipped.put("warnings", java.util.List.of());
            skipped.put("report", null);
            out.put("health_check", skipped);
        }
        return out;
    }

    private static java.util.Map<String, Object> condensed(java.util.Map<String, Object> report, String... keys) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("mode", report.get("mode"));
        for (String k : keys) {
            out.put(k, report.get(k));
        }
        return out;
    }

    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.migrationhub.core.TargetUnavailableException || t instanceof com.migrationhub.core.HubConfigurationException) {
                return (RuntimeException) t;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    public InnergyClient client() {
        return client;
    }

    public void bindAll(BiConsumer<String, Object> bind) {
        bind.accept("innergyHttp", http);
        bind.accept("innergyAnswers", answers);
        bind.accept("innergyFailures", failures);
        bind.accept("innergyPool", pool);
        bind.accept("projectImport", projectImport);
        bind.accept("materialSync", materialSync);
    }
}
