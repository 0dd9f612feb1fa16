package com.migrationhub;

import com.migrationhub.core.HubSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Boots Camel for the service or for one command: the same YAML routes, the same beans. A route file
 * in the home's {@code routes/} replaces the copy shipped in the jar.
 */
public final class HubRuntime implements AutoCloseable {

    /** Every flow's route file, in the order they load. */
    public static final List<String> ROUTE_FILES = List.of("ppak", "innergy", "extruder", "rmos", "ops");

    private final Main main;
    private final HubServices services;

    private HubRuntime(Main main, HubServices services) {
        this.main = main;
        this.services = services;
    }

    /** Starts Camel with the routes of the given route files (names without {@code .camel.yaml}). */
    public static HubRuntime start(HubSettings settings, List<String> routeFiles) {
        HubServices services = HubServices.open(settings);
        Main main = new Main();
        main.configure().withRoutesIncludePattern(routesIncludePattern(settings, routeFiles));
        main.configure().withName("migration-hub");
        main.setOverrideProperties(camelProperties(settings));
        // bound once the context exists (the INNERGY client sends through it), before camel-main configures it
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport booting) {
                services.bindFor(routeFiles, booting.getCamelContext(), main::bind);
            }
        });
        try {
            main.start();
            com.migrationhub.ops.HttpServerEdges.install(main.getCamelContext(),
                    main.getCamelContext().getRegistry().lookupByNameAndType("requestGuard", com.migrationhub.ops.RequestGuard.class));
            org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(main.getCamelContext());
            if (health != null) {
                com.migrationhub.core.InboxHealth inboxes = new com.migrationhub.core.InboxHealth();
                inboxes.setCamelContext(main.getCamelContext());
                health.register(inboxes);
            }
        } catch (Exception e) {
            services.close();
            throw new IllegalStateException("Camel failed to start: " + e.getMessage(), e);
        }
        return new HubRuntime(main, services);
    }

    /** Properties for Camel: the hub's settings, with the API key left out of Camel's view entirely. */
    public static Properties camelProperties(HubSettings settings) {
        Properties p = settings.asProperties();
        p.remove("hub.innergy.api-key");
        return p;
    }

    /** The HTTP layer every HTTP route of a flow names (its guard and its error answers): loaded with any route file. */
    static final String HTTP_LAYER = "http";
    /** What every flow's inbox route is made from (the file consumer template and the poison rule): always loaded. */
    public static final String INBOX_ROUTES = "inbox";

    public static String routesIncludePattern(HubSettings settings, List<String> routeFiles) {
        Path homeRoutes = settings.path("hub.routes");
        List<String> patterns = new ArrayList<>();
        List<String> files = new ArrayList<>(List.of(HTTP_LAYER, INBOX_ROUTES));
        files.addAll(routeFiles);
        for (String name : files) {
            String file = name + ".camel.yaml";
            Path override = homeRoutes.resolve(file);
            if (Files.isRegularFile(override)) {
                patterns.add("file:" + override.toAbsolutePath());
            } else if (HubRuntime.class.getResource("/routes/" + file) != null) {
                patterns.add("classpath:routes/" + file);
            }
        }
        return String.join(",", patterns);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public HubServices services() {
        return services;
    }

    /** Blocks until the JVM is asked to stop (the service), then closes. */
    public void awaitShutdown() {
        com.migrationhub.core.StopSignal.await(this::close);
    }

    @Override
    public synchronized void close() {
        try {
            if (!main.isStopped()) {
                main.stop();
            }
        } finally {
            services.close();
        }
    }
}
