package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubServices;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import com.migrationhub.core.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator dashboard and its JSON API, over real HTTP on loopback. Booted as {@code ./hub run}
 * boots (camel-test-main does not start the embedded HTTP server, so platform-http routes need this).
 */
class OperatorApiTest {

    @TempDir
    Path home;

    private OpsHubRig hub;

    @BeforeEach
    void start() {
        hub = new OpsHubRig(home, "s3cret", List.of("ppak", "innergy", "ops"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubServices services() {
        return hub.services();
    }

    private Path inbox(String flow) {
        return home.resolve("inbox").resolve(flow);
    }

    private Path home() {
        return home;
    }

    private void drop(String sample, Path folder) throws Exception {
        hub.drop(sample, home.resolve("inbox").relativize(folder).toString(), Path.of(sample).getFileName().toString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return hub.get(path);
    }

    private HttpResponse<String> post(String path, String body, String auth) throws Exception {
        return hub.post(path, body, auth);
    }

    @Test
    void statusBatchesDeadLettersDashboardAndReplay() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        Files.writeString(inbox("ppak").resolve("<img src=x onerror=alert(1)>.csv"), "x\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 10).stream()
                .filter(b -> !"running".equals(b.status())).count() == 2);

        HttpResponse<String> status = get("/api/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode ppak = Json.mapper().readTree(status.body()).at("/flows/ppak");
        assertThat(ppak.get("files").asLong()).isEqualTo(2);
        assertThat(ppak.get("loaded").asLong()).isEqualTo(6);
        assertThat(ppak.get("rejected").asLong()).isEqualTo(4);
        assertThat(ppak.get("dead_letter_backlog").asLong()).isEqualTo(5);

        assertThat(Json.mapper().readTree(get("/api/batches?flow=ppak&limit=1").body())).hasSize(1);
        assertThat(get("/api/batches?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/batches?limit=abc").body()).contains("limit must be");
        assertThat(Json.mapper().readTree(get("/api/dead-letters?flow=ppak").body())).hasSize(5);

        // The console: its page and files from the jar under a policy that runs only its own scripts; nothing else
        // on the classpath or in the working directory is reachable (ConsoleBrowserTest drives it in chromium).
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Migration Hub</title>").contains("/console/app.js").doesNotContain("https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
        assertThat(get("/console/app.js").headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(get("/console/vendor/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        for (String path : List.of("/console/application.properties", "/console/..%2Fpom.xml", "/console/vendor/package.json", "/pom.xml")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }

        // One dead letter as it arrived, with the mapping row to offer; one batch with what a rollback removes
        JsonNode inReview = Json.mapper().readTree(get("/api/dead-letters/" + services().deadLetters().pending("ppak").stream()
                .filter(d -> Long.valueOf(5).equals(d.line())).findFirst().orElseThrow().id()).body());
        assertThat(inReview.at("/cells/4").asText()).isEqualTo("In Review");
        assertThat(inReview.at("/fix/file").asText()).isEqualTo("status_mapping.csv");
        assertThat(inReview.at("/fix/choices/0/canonical").asText()).isEqualTo("draft");
        assertThat(get("/api/dead-letters/abc").statusCode()).isEqualTo(400);
        assertThat(get("/api/dead-letters/99999").statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(get("/api/dead-letters?reason=in%20review").body())).hasSize(1);
        long first = services().ledger().recent("ppak", 10).stream().filter(b -> b.source().equals("projects_2024-01-15.csv"))
                .findFirst().orElseThrow().id();
        assertThat(Json.mapper().readTree(get("/api/batches/" + first).body()).get("rollback_removes").asText())
                .contains("the 6 rows it loaded");

        // Mapping edits: POST only, with the token; values validated; errors name no class or path
        assertThat(post("/api/mappings/status", "{\"value\":\"In Review\",\"canonical\":\"in_progress\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(get("/api/mappings/status").statusCode()).isNotEqualTo(200);
        for (String bad : List.of("{\"value\":\"In\\nReview\",\"canonical\":\"in_progress\"}",
                "{\"value\":\"=HYPERLINK(1)\",\"canonical\":\"in_progress\"}", "{\"value\":\"X\",\"canonical\":\"nope\"}",
                "{\"value\":\"Draft\",\"canonical\":\"draft\"}", "[1,2]", "not json")) {
            HttpResponse<String> r = post("/api/mappings/status", bad, "Bearer s3cret");
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).doesNotContain("java.").doesNotContain("com.").doesNotContain("Exception")
                    .doesNotContain(home().toString());
        }
        assertThat(Files.readString(home().resolve("mappings/status_mapping.csv"))).doesNotContain("HYPERLINK").doesNotContain("In\n");
        assertThat(post("/api/batches/" + first + "/rollback", "", null).statusCode()).isEqualTo(401);

        // Redrive needs the token; with it, project 1004 loads once its status is mapped.
        long id = services().deadLetters().pending("ppak").stream().filter(d -> Long.valueOf(5).equals(d.line()))
                .findFirst().orElseThrow().id();
        assertThat(post("/api/dead-letters/replay", "{\"flow\":\"ppak\",\"ids\":[" + id + "]}", null).statusCode()).isEqualTo(401);
        Files.writeString(home().resolve("mappings/status_mapping.csv"), "In Review,in_progress,Active,\n",
                java.nio.file.StandardOpenOption.APPEND);
        HttpResponse<String> replay = post("/api/dead-letters/replay", "{\"flow\":\"ppak\",\"ids\":[" + id + "]}", "Bearer s3cret");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(replay.body()).get("loaded").asLong()).isEqualTo(1);
        assertThat(post("/api/dead-letters/replay", "{\"flow\":\"nope\",\"all\":true}", "Bearer s3cret").statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(get("/api/status").body()).at("/flows/ppak/dead_letter_backlog").asLong()).isEqualTo(4);

        // Health and Prometheus metrics on the same loopback server.
        assertThat(get("/observe/health").body()).contains("UP");
        HttpResponse<String> metrics = get("/observe/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges");
    }

    @Test
    void materialSyncJobRunsOnRequestDryRunFirst() throws Exception {
        assertThat(post("/api/jobs/material-sync?dryRun=true", "", null).statusCode()).isEqualTo(401);

        HttpResponse<String> plan = post("/api/jobs/material-sync?dryRun=true", "", "Bearer s3cret");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        JsonNode planned = Json.mapper().readTree(plan.body());
        assertThat(planned.get("mode").asText()).isEqualTo("dry-run");
        // the master library has 7 rows; the one inactive there (FIN-CONV-SATIN) is not created
        assertThat(planned.at("/counts/new").asLong()).isEqualTo(6);
        assertThat(hub.sandbox.requests()).noneMatch(r -> r.method().equals("POST"));

        HttpResponse<String> live = post("/api/jobs/material-sync?dryRun=false", "", "Bearer s3cret");
        assertThat(Json.mapper().readTree(live.body()).get("mode").asText()).isEqualTo("live");
        assertThat(hub.sandbox.requests()).anyMatch(r -> r.method().equals("POST") && r.path().equals("/api/materials/create"));
    }
}
