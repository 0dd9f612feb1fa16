package com.migrationhub.innergy;

import com.migrationhub.core.HubServices;
import com.migrationhub.core.HubSettings;
import java.util.function.BiConsumer;
import org.apache.camel.CamelContext;

/**
 * The INNERGY flow's beans. The API key is read here, in Java, from the hub's settings (HubRuntime keeps
 * it out of Camel's properties) and handed only to {@link InnergyApiKey}, which adds it inside the HTTP client.
 */
public final class InnergyServices {

    private final HubSettings settings;
    private final InnergyPaths paths;
    private final InnergyApiKey apiKey;
    private final InnergyAnswers answers;
    private final InnergyFailures failures;
    private volatile InnergyClient client;

    public InnergyServices(HubServices hub) {
        this.settings = hub.settings();
        this.paths = InnergyPaths.from(settings);
        String baseUrl = baseUrl(settings);
        this.apiKey = new InnergyApiKey(settings.get("hub.innergy.api-key", null), baseUrl);
        this.answers = new InnergyAnswers(baseUrl);
        this.failures = new InnergyFailures(settings.getInt("hub.innergy.retry.max-retry-after-s", 120) * 1000L);
    }

    static String baseUrl(HubSettings settings) {
        String url = settings.get("hub.innergy.base-url", "http://127.0.0.1:8089").strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public InnergyPaths paths() { return paths; }
    public boolean hasApiKey() { return apiKey.isPresent(); }
    public boolean live() { return "live".equalsIgnoreCase(settings.get("hub.innergy.mode", "dry-run")); }

    /** Called once Camel runs: the client sends through the route {@code direct:innergy-call}. */
    public void attach(CamelContext context) {
        client = new InnergyClient(context.createProducerTemplate(), paths, baseUrl(settings),
                settings.getInt("hub.innergy.page-size", 500), apiKey.isPresent());
    }

    public InnergyClient client() {
        InnergyClient c = client;
        if (c == null) {
            throw new IllegalStateException("the INNERGY client needs a running Camel context");
        }
        return c;
    }

    public void bindAll(BiConsumer<String, Object> bind) {
        bind.accept("innergyApiKey", apiKey);
        bind.accept("innergyAnswers", answers);
        bind.accept("innergyFailures", failures);
    }
}
