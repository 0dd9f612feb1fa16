package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code hub.lineage.openlineage-url} set, each batch is an OpenLineage run: START when its file is taken, then
 * COMPLETE (or FAIL for a file rejected whole), the flow as the job, the file as the input, the table as the output —
 * received by a real HTTP collector on loopback, as Marquez would receive them.
 */
class OpenLineageEventsTest {

    @TempDir
    Path home;

    @TempDir
    Path exports;

    @Test
    void eachBatchIsAStartedThenCompletedOrFailedRun() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/api/v1/lineage", exchange -> {
            received.add(Json.mapper().readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        collector.start();
        try {
            Files.writeString(home.resolve("hub.properties"), "hub.instance.id=hub-a\nhub.lineage.openlineage-url=http://127.0.0.1:"
                    + collector.getAddress().getPort() + "/api/v1/lineage\n");
            Files.copy(Path.of("samples/ppak/projects_2024-01-15.csv"), exports.resolve("projects_2024-01-15.csv"));
            Files.writeString(exports.resolve("materials_2024-01-16.csv"), "not,a\u0000csv");
            CommandRun etl = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
            assertThat(etl.exitCode()).as(etl.stderr()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 4);
            JsonNode projects = etl.json().at("/files").findParents("source").stream()
                    .filter(f -> f.get("source").asText().startsWith("projects_")).findFirst().orElseThrow();
            List<JsonNode> run = received.stream().filter(e -> e.at("/inputs/0/name").asText().endsWith("projects_2024-01-15.csv")).toList();
            assertThat(run).extracting(e -> e.get("eventType").asText()).containsExactly("START", "COMPLETE");
            assertThat(run.get(0).at("/run/runId").asText()).isEqualTo(run.get(1).at("/run/runId").asText());
            assertThat(run.get(1).at("/job/name").asText()).isEqualTo("ppak");
            assertThat(run.get(1).at("/job/namespace").asText()).isEqualTo("migration-hub");
            assertThat(run.get(1).at("/inputs/0/namespace").asText()).startsWith("file://");
            assertThat(run.get(1).at("/outputs/0/name").asText()).isEqualTo("canonical_projects");
            assertThat(projects.get("id").asLong()).isPositive();
            List<JsonNode> rejected = received.stream().filter(e -> e.at("/inputs/0/name").asText().endsWith("materials_2024-01-16.csv")).toList();
            assertThat(rejected).extracting(e -> e.get("eventType").asText()).containsExactly("START", "FAIL");
        } finally {
            collector.stop(0);
        }
    }
}
