package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@code GET /api/lineage/{kind}/{key}} (and {@code ?key=}) over real HTTP on a hub booted as {@code ./hub run} boots:
 * the same JSON as {@code ./hub trace KIND KEY --json} for the same record, keys holding {@code / : %} and spaces
 * decoded once, 404 and 400 in the one error shape, and the request guard in front.
 */
class LineageApiTest {

    /** A job number with every character a path treats specially: a slash, a space, a colon, a percent, a plus. */
    private static final String ODD_KEY = "J-24/3001 A:50%+1";

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
    void theApiAnswersAsTheTraceCommandForKeysOfAnyShape() throws Exception {
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
    }
}
