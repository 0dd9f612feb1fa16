package com.migrationhub;

import com.migrationhub.HubRuntime;
import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Boots the real application for a route test: the YAML route files from {@code routes/}, the same
 * beans {@code ./hub} binds, a fresh hub home in a temporary folder and the settings a user would have.
 */
public abstract class HubTestSupport extends CamelMainTestSupport {

    // CamelTestSupport asks for the properties while it is being constructed, before JUnit could
    // inject a @TempDir: the home is made on first use instead and removed after the test.
    private Path home;

    private HubSettings settings;
    private HubServices services;

    /** The route files this test runs (names without {@code .camel.yaml}). */
    protected abstract List<String> routeFiles();

    /** Extra settings, as a user would put them in hub.properties. */
    protected Map<String, String> settingsOverrides() {
        return Map.of();
    }

    protected Path home() {
        if (home == null) {
            try {
                home = Files.createTempDirectory("hub-test-");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return home;
    }

    protected HubSettings settings() {
        if (settings == null) {
            Path home = home();
            Map<String, String> overrides = new LinkedHashMap<>();
            // Short read-lock ages keep tests quick; the partial-file test sets its own.
            overrides.put("hub.inbox.poll-ms", "100");
            overrides.put("hub.inbox.check-interval-ms", "100");
            overrides.put("hub.inbox.min-age-ms", "300");
            overrides.put("hub.logs", home.resolve("logs").toString());
            overrides.putAll(settingsOverrides());
            settings = HubSettings.of(home, overrides);
            com.migrationhub.core.HubLogging.pointAt(settings.get("hub.logs"));
        }
        return settings;
    }

    protected HubServices services() {
        if (services == null) {
            services = HubServices.open(settings());
        }
        return services;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return HubRuntime.camelProperties(settings());
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern(HubRuntime.routesIncludePattern(settings(), routeFiles()));
    }

    // the context whose registry bindToRegistry fills: the INNERGY beans send through it
    private CamelContext camel;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        camel = super.createCamelContext();
        return camel;
    }

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        services().bindFor(routeFiles(), camel, registry::bind);
    }

    @AfterEach
    void closeServices() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (services != null) {
            services.close();
        }
        if (home != null) {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Copies a shipped sample (path under {@code samples/}) into a folder, the way a user drops a file. */
    protected Path drop(String sample, Path folder) throws IOException {
        return drop(sample, folder, Path.of(sample).getFileName().toString());
    }

    protected Path drop(String sample, Path folder, String asName) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(asName);
        try (InputStream in = resource(sample)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    protected static InputStream resource(String path) {
        InputStream in = HubTestSupport.class.getResourceAsStream("/" + path);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + path);
        }
        return in;
    }

    protected Path inbox(String flow) {
        return Path.of(settings().get("hub.inbox")).resolve(flow);
    }

    protected Path outbox() {
        return Path.of(settings().get("hub.outbox"));
    }
}
