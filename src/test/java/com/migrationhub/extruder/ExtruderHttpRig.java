package com.migrationhub.extruder;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubRuntime;
import com.migrationhub.HubServices;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.core.HubLogging;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.Json;
import com.migrationhub.testing.InboxDrop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extruder routes booted as {@code ./hub run} boots them, HTTP on a free loopback port (camel-test-main does not
 * start the embedded server that platform-http routes need).
 */
final class ExtruderHttpRig implements AutoCloseable {

    final Path home;
    final int port = HttpBinding.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    private final HubRuntime runtime;

    ExtruderHttpRig(Path home, Map<String, String> extra) {
        this(home, extra, List.of("extruder"));
    }

    /** With other route files beside the extruder's ({@code ops} for the batch API). */
    ExtruderHttpRig(Path home, Map<String, String> extra, List<String> routeFiles) {
        this.home = home;
        Map<String, String> settings = new LinkedHashMap<>(Map.of("hub.http.enabled", "true", "hub.http.port", Integer.toString(port),
                "hub.inbox.min-age-ms", "300", "hub.inbox.poll-ms", "100", "hub.inbox.check-interval-ms", "100",
                "hub.logs", home.resolve("logs").toString(), "hub.extruder.timezone", "UTC"));
        settings.putAll(extra);
        HubSettings s = HubSettings.of(home, settings);
        HubLogging.pointAt(s.get("hub.logs"));
        runtime = HubRuntime.start(s, routeFiles);
    }

    /** Sends a body to one of the routes, as a command or the console does (a dead letter to its replay route). */
    <T> T request(String endpoint, Object body, Class<T> type) {
        try (org.apache.camel.ProducerTemplate producer = runtime.context().createProducerTemplate()) {
            return producer.requestBody(endpoint, body, type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    HubServices services() {
        return runtime.services();
    }

    Path inbox(String folder) {
        return home.resolve("inbox/extruder").resolve(folder);
    }

    /** Copies a shipped sample into the inbox the way a user drops a file: complete, under its name. */
    void drop(String resource, String folder, String asName) throws Exception {
        InboxDrop.copy(resource, inbox(folder).resolve(asName));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    @Override
    public void close() {
        runtime.close();
    }
}
