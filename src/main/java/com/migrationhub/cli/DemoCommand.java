package com.migrationhub.cli;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.OneShot;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.builder.NotifyBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./hub demo}: a fresh home in a temporary folder, the shipped samples dropped into its inbox
 * while the service runs, and the outcome printed. {@code --exit} leaves once everything is processed.
 */
@Command(name = "demo", description = "Run the samples through a fresh demo home and print the summary.")
public final class DemoCommand implements Callable<Integer> {

    /** Which samples feed which inbox, and the route that takes them. */
    record Drop(String sampleFolder, String inboxFolder, String routeId) {
    }

    static final List<Drop> DROPS = List.of(new Drop("ppak/", "ppak/", "ppak-inbox"),
            new Drop("extruder/config/", "extruder/config/", "extruder-config"),
            new Drop("extruder/logs/", "extruder/logs/", "extruder-logs"),
            new Drop("extruder/events/", "extruder/events/", "extruder-events"),
            new Drop("rmos/", "rmos/", "rmos-inbox"));

    @Mixin
    HubOptions options;

    @Option(names = "--exit", description = "leave once every sample is processed")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        Path home = Files.createTempDirectory("migration-hub-demo-");
        options.home = home;
        HubSettings settings = options.settings(Map.of("hub.http.enabled", "true", "hub.inbox.min-age-ms", "300"));
        if (settings.get("hub.extruder.timezone", "").isBlank()) {
            // the sample logs' controller ran on UTC (their v3 epoch stamps and local times agree there)
            settings = settings.with(Map.of("hub.extruder.timezone", "UTC"));
        }
        settings = settings.with(Map.of("hub.http.port", Integer.toString(portOrFree(settings.getInt("hub.http.port", 8080)))));
        settings = HttpBinding.checked(settings);
        // INNERGY: a sandbox of its own on a free loopback port, with a throwaway key, and the flow live against it
        String sandboxKey = java.util.UUID.randomUUID().toString();
        InnergySandbox sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of(sandboxKey, true), 0, 0, null,
                InnergyPaths.from(settings)));
        settings = settings.with(Map.of("hub.innergy.base-url", sandbox.baseUrl(), "hub.innergy.api-key", sandboxKey,
                "hub.innergy.mode", "live"));
        if (!options.json()) {
            System.out.println("demo home: " + home);
        }
        HubRuntime runtime = HubRuntime.start(settings, HubRuntime.ROUTE_FILES);
        try {
            List<String> samples = sampleIndex();
            Map<String, Integer> perRoute = new LinkedHashMap<>();
            List<Map.Entry<String, Path>> copies = new ArrayList<>();
            for (Drop drop : DROPS) {
                for (String sample : samples) {
                    if (sample.startsWith(drop.sampleFolder())) {
                        Path target = Path.of(settings.get("hub.inbox")).resolve(drop.inboxFolder())
                                .resolve(sample.substring(drop.sampleFolder().length()));
                        copies.add(Map.entry("/samples/" + sample, target));
                        perRoute.merge(drop.routeId(), 1, Integer::sum);
                    }
                }
            }
            List<NotifyBuilder> waits = new ArrayList<>();
            perRoute.forEach((route, n) -> waits.add(OneShot.filesDone(runtime.context(), route, n)));
            for (Map.Entry<String, Path> copy : copies) {
                dropFile(copy.getKey(), copy.getValue());
            }
            boolean finished = true;
            for (NotifyBuilder wait : waits) {
                finished &= wait.matches(Duration.ofMinutes(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (exit) {
                // Leaving now, like rmos-migrate: a document still waiting for a reference that is not among
                // the samples (the orphan pattern) is rejected naming the missing id instead of waiting 10 min.
                runtime.context().createProducerTemplate().requestBody("direct:rmos-expire", java.time.Instant.now());
            }
            List<BatchLedger.Batch> batches = new ArrayList<>(runtime.services().ledger().recent(null, 1000));
            java.util.Collections.reverse(batches);
            String url = "http://" + settings.get("hub.http.host") + ":" + settings.get("hub.http.port") + "/";
            Map<String, Object> innergy = runtime.services().innergy().cycle(true);
            int code = printSummary(settings, batches, url, finished, runtime, innergy, sandbox.baseUrl());
            if (exit) {
                return code;
            }
            if (!options.json()) {
                System.out.println("demo running: dashboard " + url + " ; Ctrl+C stops");
            }
            runtime.awaitShutdown();
            return ExitCodes.CLEAN;
        } finally {
            if (exit) {
                runtime.close();
                sandbox.close();
            }
        }
    }

    private int printSummary(HubSettings settings, List<BatchLedger.Batch> batches, String url, boolean finished,
                             HubRuntime runtime, Map<String, Object> innergy, String sandboxUrl) {
        StringBuilder human = new StringBuilder();
        human.append(String.format("%-8s %-44s %-10s %6s %6s %8s %7s%n", "flow", "source", "status", "found", "loaded",
                "rejected", "skipped"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BatchLedger.Batch b : batches) {
            human.append(String.format("%-8s %-44s %-10s %6d %6d %8d %7d%n", b.flow(), b.source(), b.status(), b.found(),
                    b.loaded(), b.rejected(), b.skipped()));
            rows.add(b.toMap());
        }
        Map<String, Long> backlog = runtime.services().deadLetters().backlog();
        human.append("dead-letter backlog: ").append(backlog).append(System.lineSeparator());
        human.append("outputs: ").append(settings.get("hub.outbox")).append(System.lineSeparator());
        // With --exit the service and the sandbox stop as soon as this is printed: no address that is no longer served.
        human.append("INNERGY sandbox ").append(exit ? "(stopped with the demo)" : sandboxUrl).append(System.lineSeparator())
                .append(InnergyCommands.cycleSummary(innergy)).append(System.lineSeparator());
        human.append("dashboard: ").append(exit ? "not served (--exit stops the demo; run ./hub demo without it to browse)" : url);
        if (!finished) {
            human.append(System.lineSeparator()).append("WARNING: not every sample was processed in time");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("home", settings.get("hub.home"));
        result.put("dashboard", exit ? null : url);
        result.put("batches", rows);
        result.put("dead_letter_backlog", backlog);
        result.put("complete", finished);
        result.put("running", !exit);
        result.put("innergy_sandbox", exit ? null : sandboxUrl);
        result.put("innergy", innergy);
        return options.output().print(finished ? ExitCodes.CLEAN : ExitCodes.REJECTS, result, human.toString());
    }

    static List<String> sampleIndex() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/samples/index.txt")) {
            if (in == null) {
                throw new IllegalStateException("the jar has no samples/index.txt");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** Copies a sample so the inbox only ever sees a complete file: a hidden temporary name, then a rename. */
    static void dropFile(String resource, Path target) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + resource);
            }
            AtomicFiles.write(target, in::transferTo);
        }
    }

    private static int portOrFree(int preferred) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), preferred));
            return preferred;
        } catch (IOException e) {
            return HttpBinding.freePort();
        }
    }
}
