package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.core.HubLogging;
import com.migrationhub.HubRuntime;
import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import com.migrationhub.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a curious HTTP client and a liveness probe find, over real HTTP on loopback, booted as {@code ./hub run} boots:
 * every bad request a 4xx JSON error naming the parameter, never internals; a long first poll busy, not down.
 */
class OperatorHttpHardeningTest {

    private final int port = HttpBinding.freePort();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    private HubRuntime runtime;
    private InnergySandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of("k-ops-test", true), 0, 0, null,
                InnergyPaths.from(HubSettings.of(home, Map.of()))));
        HubSettings settings = HubSettings.of(home, Map.ofEntries(Map.entry("hub.http.enabled", "true"),
                Map.entry("hub.http.port", Integer.toString(port)), Map.entry("hub.http.token", "s3cret"),
                Map.entry("hub.inbox.min-age-ms", "300"), Map.entry("hub.inbox.poll-ms", "100"),
                Map.entry("hub.logs", home.resolve("logs").toString()),
                Map.entry("hub.innergy.base-url", sandbox.baseUrl()), Map.entry("hub.innergy.api-key", "k-ops-test")));
        HubLogging.pointAt(settings.get("hub.logs"));
        runtime = HubRuntime.start(settings, List.of("ppak", "innergy", "ops"));
    }

    @AfterEach
    void stop() {
        runtime.close();
        sandbox.close();
    }

    private HubServices services() {
        return runtime.services();
    }

    private Path inbox(String flow) {
        return home.resolve("inbox").resolve(flow);
    }

    private Path home() {
        return home;
    }

    private void drop(String sample, Path folder) throws Exception {
        try (var in = getClass().getResourceAsStream("/" + sample)) {
            Files.copy(in, folder.resolve(Path.of(sample).getFileName().toString()));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer s3cret").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCuriousClientGetsA4xxJsonErrorNamingTheParameterNeverInternals() throws Exception {
        Map<String, String> named = new java.util.LinkedHashMap<>();
        named.put("GET /api/batches?flow=nope", "flow");
        named.put("GET /api/batches?flow=ppak&limit=abc", "limit");
        named.put("GET /api/batches?limit=99999999999999999999", "limit");
        named.put("GET /api/dead-letters?flow=../../etc", "flow");
        named.put("POST /api/jobs/material-sync?dryRun=../../etc", "dryRun");
        named.put("POST /api/jobs/material-sync?dryRun=", "dryRun");
        named.put("POST /api/dead-letters/replay text/plain {\"flow\":\"ppak\",\"all\":true}", "Content-Type");
        named.put("POST /api/dead-letters/replay - {\"flow\":\"ppak\",\"all\":true}", "Content-Type");
        named.put("POST /api/dead-letters/replay application/json not json", "body");
        named.put("POST /api/dead-letters/replay application/json {\"flow\":\"ppak\",\"ids\":[\"x\"]}", "ids");
        named.put("POST /api/dead-letters/replay application/json [1]", "JSON object");
        for (Map.Entry<String, String> e : named.entrySet()) {
            String[] parts = e.getKey().split(" ", 4);
            HttpResponse<String> r = send(parts[0], parts[1], parts.length > 2 && !parts[2].equals("-") ? parts[2] : null,
                    parts.length > 3 ? parts[3] : "");
            assertThat(r.statusCode()).as(e.getKey() + " -> " + r.body()).isBetween(400, 499);
            JsonNode error = Json.mapper().readTree(r.body());
            assertThat(error.get("error").asText()).as(e.getKey()).contains(e.getValue())
                    .doesNotContain("Exception").doesNotContain("Failed to invoke").doesNotContain("com.migrationhub")
                    .doesNotContain(home.toString());
            assertThat(r.headers().firstValue("Content-Type")).as(e.getKey()).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        }
        HttpResponse<String> plan = send("POST", "/api/jobs/material-sync?dryRun=true", null, "");
        assertThat(plan.statusCode()).isEqualTo(200);
        assertThat(plan.body()).doesNotContain(home.toString()).doesNotContain(home.toRealPath().toString());
        assertThat(Files.readString(home.resolve("logs/hub.log"))).doesNotContain("\tat com.migrationhub");
    }

    @Test
    void aLongFirstPollIsBusyNotDownAndLivenessStandsApart() throws Exception {
        runtime.close();
        // An export waits at start-up, and its first poll cannot finish while another writer holds hub.db: the poll is
        // as long as we want it to be, with nothing faked.
        Files.createDirectories(inbox("ppak"));
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        HubSettings settings = HubSettings.of(home, Map.ofEntries(Map.entry("hub.http.enabled", "true"),
                Map.entry("hub.http.port", Integer.toString(port)), Map.entry("hub.inbox.min-age-ms", "100"),
                Map.entry("hub.inbox.poll-ms", "100"), Map.entry("hub.ppak.initial-delay-ms", "2000"),
                Map.entry("hub.logs", home.resolve("logs").toString())));
        runtime = HubRuntime.start(settings, List.of("ppak", "ops"));
        try (var writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/hub.db"));
             var st = writer.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.context().getInflightRepository().size("ppak-inbox") > 0);
            for (String probe : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
                HttpResponse<String> health = get(probe);
                assertThat(health.statusCode()).as(probe + " " + health.body()).isEqualTo(200);
                assertThat(health.body()).as(probe).contains("UP").doesNotContain("not yet polled");
            }
            org.apache.camel.health.HealthCheck.Result inboxes = org.apache.camel.health.HealthCheckHelper
                    .invoke(runtime.context(), "inboxes", Map.of()).orElseThrow();
            assertThat(inboxes.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
            assertThat(inboxes.getDetails()).containsEntry("ppak-inbox", "busy");
            st.execute("COMMIT");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 1).stream()
                .anyMatch(b -> "done".equals(b.status())));
        assertThat(get("/observe/health/ready").statusCode()).isEqualTo(200);
    }
}
