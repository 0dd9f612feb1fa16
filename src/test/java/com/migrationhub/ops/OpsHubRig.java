package com.migrationhub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubRuntime;
import com.migrationhub.HubServices;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.core.HubLogging;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.Json;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import com.migrationhub.testing.InboxDrop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A hub booted as {@code ./hub run} boots it, with HTTP on a free loopback port, a token, fast inbox polling and its
 * own INNERGY sandbox (camel-test-main does not start the embedded server that platform-http routes need).
 */
final class OpsHubRig implements AutoCloseable {

    private static final String API_KEY = "k-ops-test";

    final Path home;
    final int port = HttpBinding.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    final InnergySandbox sandbox;
    private final HubRuntime runtime;

    OpsHubRig(Path home, String token, List<String> routeFiles) {
        this(home, token, routeFiles, Map.of());
    }

    OpsHubRig(Path home, String token, List<String> routeFiles, Map<String, String> more) {
        this.home = home;
        sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of(API_KEY, true), 0, 0, null,
                InnergyPaths.from(HubSettings.of(home, Map.of()))));
        HubSettings settings = HubSettings.of(home, Map.ofEntries(Map.entry("hub.http.enabled", "true"),
                Map.entry("hub.http.port", Integer.toString(port)), Map.entry("hub.http.token", token),
                Map.entry("hub.inbox.min-age-ms", "300"), Map.entry("hub.inbox.poll-ms", "100"),
                Map.entry("hub.inbox.check-interval-ms", "100"), Map.entry("hub.logs", home.resolve("logs").toString()),
                Map.entry("hub.extruder.timezone", "UTC"),
                Map.entry("hub.innergy.base-url", sandbox.baseUrl()), Map.entry("hub.innergy.api-key", API_KEY))).with(more);
        HubLogging.pointAt(settings.get("hub.logs"));
        runtime = HubRuntime.start(settings, routeFiles);
    }

    HubServices services() {
        return runtime.services();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A sample or test fixture into {@code inbox/<folder>} the way a user drops a file: complete, under its name. */
    void drop(String resource, String folder, String asName) throws Exception {
        InboxDrop.copy(resource, home.resolve("inbox").resolve(folder).resolve(asName));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    HttpResponse<String> post(String path, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An answer read off the wire: its status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {

        JsonNode json() throws java.io.IOException {
            return Json.mapper().readTree(body);
        }
    }

    /**
     * One HTTP/1.1 request written by hand, as a browser or a rebinding page would send it: any {@code Host}, {@code Origin}
     * or {@code Content-Type} (Java's HttpClient refuses to set {@code Host}). {@code Host} defaults to the rig's address;
     * a header given as null is left out.
     */
    Answer send(String method, String path, Map<String, String> headers, String body) throws java.io.IOException {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        h.putAll(headers);
        byte[] payload = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        h.forEach((k, v) -> {
            if (v != null) {
                request.append(k).append(": ").append(v).append("\r\n");
            }
        });
        request.append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(request.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            Map<String, String> answerHeaders = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                answerHeaders.put(lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            String content = raw.substring(end + 4);
            if ("chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding"))) {
                StringBuilder joined = new StringBuilder();
                for (int at = 0; ; ) {
                    int eol = content.indexOf("\r\n", at);
                    int size = Integer.parseInt(content.substring(at, eol).strip(), 16);
                    if (size == 0) {
                        break;
                    }
                    joined.append(content, eol + 2, eol + 2 + size);
                    at = eol + 2 + size + 2;
                }
                content = joined.toString();
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), answerHeaders, content);
        }
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            sandbox.close();
        }
    }
}
