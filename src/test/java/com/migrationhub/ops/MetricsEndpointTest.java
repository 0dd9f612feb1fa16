package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchTotals;
import com.migrationhub.core.Flow;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.core.HubLogging;
import com.migrationhub.core.HubMetrics;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.OneShot;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.FaultRule;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given every shipped sample dropped into a running service's inboxes and an INNERGY cycle run live against the
 * sandbox (one call answered 503 first), {@code /observe/metrics} reports exactly what the ledger holds: rows by
 * flow and outcome, files by flow and outcome, batch durations, the dead letters waiting, the INNERGY calls and
 * their retries, and when the last material sync finished.
 */
class MetricsEndpointTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? (\\S+)$");

    @TempDir
    Path home;

    /** name -> (labels as "k=v,k=v" sorted) -> value. */
    private static Map<String, Map<String, Double>> parse(String text) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (!line.startsWith("#") && m.matches()) {
                List<String> labels = new ArrayList<>();
                if (m.group(2) != null) {
                    for (String pair : m.group(2).split(",")) {
                        if (!pair.isBlank()) {
                            labels.add(pair.strip().replace("\"", ""));
                        }
                    }
                }
                labels.sort(null);
                out.computeIfAbsent(m.group(1), k -> new HashMap<>()).put(String.join(",", labels), Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }

    private static List<String> samples() throws Exception {
        try (InputStream in = MetricsEndpointTest.class.getResourceAsStream("/samples/index.txt")) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        }
    }

    @Test
    void theScrapeAfterTheSamplesEqualsTheLedger() throws Exception {
        int port = HttpBinding.freePort();
        InnergySandbox sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of("k-metrics", true), 0, 0, null,
                InnergyPaths.from(HubSettings.of(home, Map.of()))));
        HubSettings settings = HubSettings.of(home, Map.ofEntries(Map.entry("hub.http.enabled", "true"),
                Map.entry("hub.http.port", Integer.toString(port)), Map.entry("hub.inbox.min-age-ms", "300"),
                Map.entry("hub.inbox.poll-ms", "100"), Map.entry("hub.logs", home.resolve("logs").toString()),
                Map.entry("hub.extruder.timezone", "UTC"), Map.entry("hub.innergy.retry.initial-delay-ms", "50"),
                Map.entry("hub.innergy.base-url", sandbox.baseUrl()), Map.entry("hub.innergy.api-key", "k-metrics")));
        HubLogging.pointAt(settings.get("hub.logs"));
        try (HubRuntime runtime = HubRuntime.start(settings, HubRuntime.ROUTE_FILES)) {
            // the samples, as ./hub demo drops them: PPak exports, extruder run logs, RMOS documents
            Map<String, String> inboxes = new LinkedHashMap<>(Map.of("ppak/", "ppak-inbox", "extruder/logs/", "extruder-logs",
                    "rmos/", "rmos-inbox"));
            Map<String, Integer> perRoute = new HashMap<>();
            List<String> drops = new ArrayList<>();
            for (String sample : samples()) {
                inboxes.forEach((folder, route) -> {
                    if (sample.startsWith(folder)) {
                        perRoute.merge(route, 1, Integer::sum);
                        drops.add(sample);
                    }
                });
            }
            List<NotifyBuilder> done = new ArrayList<>();
            perRoute.forEach((route, n) -> done.add(OneShot.filesDone(runtime.context(), route, n)));
            for (String sample : drops) {
                Path target = home.resolve("inbox").resolve(sample);
                Files.createDirectories(target.getParent());
                Path part = target.resolveSibling(target.getFileName() + ".part");
                try (InputStream in = getClass().getResourceAsStream("/samples/" + sample)) {
                    Files.copy(in, part);
                }
                Files.move(part, target);
            }
            for (NotifyBuilder n : done) {
                assertThat(n.matches(120, TimeUnit.SECONDS)).isTrue();
            }
            sandbox.addFaults(FaultRule.status("GET", "/api/materials", 503, 1, null));
            runtime.services().innergy().cycle(true);

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            Files.writeString(home.resolve("scrape.txt"), scrape.body());
            Map<String, Map<String, Double>> metrics = parse(scrape.body());

            BatchLedger ledger = runtime.services().ledger();
            Map<String, Long> backlog = runtime.services().deadLetters().backlog();
            for (String flow : Flow.ids()) {
                List<BatchLedger.Batch> closed = ledger.recent(flow, 100_000).stream()
                        .filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
                BatchTotals totals = BatchTotals.of(closed);
                assertThat(metrics.get("hub_rows_total")).as(flow)
                        .containsEntry("flow=" + flow + ",outcome=loaded", (double) totals.loaded())
                        .containsEntry("flow=" + flow + ",outcome=rejected", (double) totals.rejected())
                        .containsEntry("flow=" + flow + ",outcome=skipped", (double) totals.skipped());
                Map<String, Long> byStatus = new HashMap<>();
                closed.forEach(b -> byStatus.merge(b.status(), 1L, Long::sum));
                byStatus.forEach((status, n) -> assertThat(metrics.get("hub_files_total"))
                        .containsEntry("flow=" + flow + ",outcome=" + status, (double) n));
                assertThat(metrics.get("hub_files_total").entrySet().stream().filter(e -> e.getKey().startsWith("flow=" + flow + ","))
                        .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(closed.size());
                assertThat(metrics.get("hub_batch_duration_seconds_count").getOrDefault("flow=" + flow, 0.0)).isEqualTo(closed.size());
                assertThat(metrics.get("hub_dead_letters_waiting")).containsEntry("flow=" + flow,
                        (double) backlog.getOrDefault(flow, 0L));
            }
            assertThat(BatchTotals.of(ledger.recent("ppak", 1000)).loaded()).isPositive();
            assertThat(backlog.get("ppak")).isPositive();

            // INNERGY: every call by its final status, the 503 retried once; the material sync on record
            double calls = metrics.get("hub_innergy_requests_total").values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(calls).isEqualTo(runtime.services().innergy().client().calls()).isPositive();
            assertThat(metrics.get("hub_innergy_requests_total")).containsKey("status=200");
            assertThat(metrics.get("hub_innergy_retries_total")).containsEntry("", 1.0);
            Instant lastSync = ledger.lastDone(Flow.INNERGY.id(), HubMetrics.MATERIAL_SYNC_SOURCE);
            assertThat(lastSync).isNotNull();
            assertThat(metrics.get("hub_material_sync_last_success_timestamp_seconds").get(""))
                    .isEqualTo(lastSync.toEpochMilli() / 1000.0);
            // Camel's own meters are served from the same registry
            assertThat(scrape.body()).contains("camel_exchanges_total");
        } finally {
            sandbox.close();
        }
    }
}
