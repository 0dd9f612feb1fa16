package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.migrationhub.HubServices;
import com.migrationhub.cli.CommandRun;
import com.migrationhub.core.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator dashboard and its JSON API, over real HTTP on loopback. Booted as {@code ./hub run}
 * boots (camel-test-main does not start the embedded HTTP server, so platform-http routes need this).
 * {@code GET /api/lineage/{kind}/{key}} (and {@code ?key=}): the same JSON as {@code ./hub trace KIND KEY --json} for the
 * same record, keys holding {@code / : % +} and spaces decoded once, 404 and 400 in the one error shape, the guard in front.
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

    // ------------------------------------------------------------------------------------------------ lineage

    /** A job number with every character a path treats specially: a slash, a space, a colon, a percent, a plus. */
    private static final String ODD_KEY = "J-24/3001 A:50%+1";

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = hub.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return Json.mapper().readTree(r.body());
    }

    /**
     * The trace part of {@code ./hub trace KIND KEY --json}: its answer without the envelope's own fields, the archived
     * original's path relative to the home as every HTTP answer gives paths.
     */
    private JsonNode cli(String kind, String key) throws Exception {
        CommandRun run = CommandRun.inHome(home, "trace", kind, key);
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        ObjectNode answer = (ObjectNode) run.json();
        answer.remove(List.of("command", "exit_code", "started", "finished", "reports", "outputs"));
        Path archive = Path.of(answer.at("/source/archive").asText());
        assertThat(archive).isAbsolute().startsWith(home);
        ((ObjectNode) answer.get("source")).put("archive", home.relativize(archive).toString());
        return answer;
    }

    @Test
    void lineageAnswersAsTheTraceCommandForKeysOfAnyShape() throws Exception {
        hub.drop("samples/ppak/projects_2024-01-15.csv", "ppak", "projects_2024-01-15.csv");
        List<String> sample = Files.readAllLines(Path.of("samples/ppak/projects_2024-01-15.csv"));
        String odd = sample.get(1).replace("1001,J-24-1001,", "3001," + ODD_KEY + ",");
        Files.createDirectories(home.resolve("inbox/ppak"));
        Files.writeString(home.resolve("inbox/ppak/projects_2024-03-01.csv.part"), sample.get(0) + "\n" + odd + "\n");
        Files.move(home.resolve("inbox/ppak/projects_2024-03-01.csv.part"), home.resolve("inbox/ppak/projects_2024-03-01.csv"));
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.services().ledger().recent("ppak", 10).stream()
                .filter(b -> !"running".equals(b.status())).count() == 2);

        // by number, by PPak job id, and a dead letter: the API's answer is the command's
        JsonNode project = ok("/api/lineage/project/J-24-1001");
        assertThat(project).isEqualTo(cli("project", "J-24-1001"));
        assertThat(project.at("/source/text").asText()).isEqualTo(sample.get(1).replace("\uFEFF", ""));
        assertThat(project.at("/mappings/0/file").asText()).isEqualTo("status_mapping.csv");
        assertThat(Files.readAllBytes(home.resolve(project.at("/source/archive").asText()))).as("the archived original, by its home path")
                .isEqualTo(Files.readAllBytes(Path.of("samples/ppak/projects_2024-01-15.csv")));
        assertThat(ok("/api/lineage/project/1001")).isEqualTo(cli("project", "1001"));
        long inReview = hub.services().deadLetters().pending("ppak").stream().filter(d -> Long.valueOf(5).equals(d.line()))
                .findFirst().orElseThrow().id();
        JsonNode letter = ok("/api/lineage/dead-letter/" + inReview);
        assertThat(letter).isEqualTo(cli("dead-letter", String.valueOf(inReview)));
        assertThat(letter.at("/source/text").asText()).isEqualTo(sample.get(4));

        // a key with a slash, a space, a colon, a percent and a plus: percent-encoded in the path, or as ?key=
        JsonNode oddTrace = ok("/api/lineage/project/" + path(ODD_KEY));
        assertThat(oddTrace.at("/record/project_number").asText()).isEqualTo(ODD_KEY);
        assertThat(oddTrace.at("/subject/key").asText()).isEqualTo(ODD_KEY);
        assertThat(oddTrace.at("/source/text").asText()).isEqualTo(odd);
        assertThat(oddTrace).isEqualTo(cli("project", ODD_KEY));
        assertThat(ok("/api/lineage/project?key=" + URLEncoder.encode(ODD_KEY, StandardCharsets.UTF_8))).isEqualTo(oddTrace);

        // nothing stored: 404; an unknown kind, a bad key or no key: 400 - each {"error": sentence} alone
        Map<String, Integer> refused = Map.of(
                "/api/lineage/project/J-99-0000", 404,
                "/api/lineage/project/" + path("J-99/0000 x"), 404,
                "/api/lineage/dead-letter/99999", 404,
                "/api/lineage/invoice/1", 400,
                "/api/lineage/dead-letter/abc", 400,
                "/api/lineage/sample?key=%0A", 400,
                "/api/lineage/project", 400,
                "/api/lineage/project?key=a&key=b", 400,
                // a query parameter named as a path parameter: two keys, no one meaning (any route: a batch's id too)
                "/api/lineage/project/J-24-1001?key=J-24-1002", 400,
                "/api/batches/1?id=2", 400);
        for (var e : refused.entrySet()) {
            HttpResponse<String> r = hub.get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(e.getValue());
            JsonNode error = Json.mapper().readTree(r.body());
            assertThat(error.size()).as(r.body()).isEqualTo(1);
            assertThat(error.get("error").asText()).as(e.getKey()).doesNotContain("Exception").doesNotContain("com.migrationhub");
        }
        assertThat(Json.mapper().readTree(hub.get("/api/lineage/project/" + path("J-99/0000 x")).body()).get("error").asText())
                .isEqualTo("no project J-99/0000 x is stored");
        assertThat(Json.mapper().readTree(hub.get("/api/lineage/invoice/1").body()).get("error").asText()).contains("unknown kind 'invoice'");
        assertThat(Json.mapper().readTree(hub.get("/api/lineage/project/J-24-1001?key=x").body()).get("error").asText())
                .isEqualTo("key is given twice (in the query and in the path or a header): give it once");

        // the guard applies: another Host (a DNS-rebinding page) reads nothing, and a POST is not served
        OpsHubRig.Answer rebinding = hub.send("GET", "/api/lineage/project/J-24-1001", Map.of("Host", "attacker.example"), null);
        assertThat(rebinding.status()).isEqualTo(403);
        assertThat(rebinding.body()).doesNotContain("J-24-1001").doesNotContain("Harbor");
        assertThat(hub.send("GET", "/api/lineage/project?key=J-24-1001", Map.of("Host", "attacker.example:8080"), null).status())
                .isEqualTo(403);
        assertThat(hub.post("/api/lineage/project/J-24-1001", "{}", "Bearer s3cret").statusCode()).isEqualTo(404);
        // nor does a query parameter named as a header the request carries: Camel would join the two
        OpsHubRig.Answer origin = hub.send("GET", "/api/status?origin=x", Map.of("Origin", "http://127.0.0.1:" + hub.port), null);
        assertThat(origin.status()).as(origin.body()).isEqualTo(400);
        assertThat(origin.body()).contains("origin is given twice");
    }
}
