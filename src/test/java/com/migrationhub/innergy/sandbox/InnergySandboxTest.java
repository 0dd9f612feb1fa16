package com.migrationhub.innergy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyPaths;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox speaks the contract: a plain HTTP client against it, no hub code in between. */
class InnergySandboxTest {

    static final String KEY = "writer-key";
    static final String READER = "reader-key";

    @TempDir
    Path dir;

    InnergySandbox sandbox;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        sandbox = start(null);
    }

    InnergySandbox start(Path data) {
        return InnergySandbox.start(new SandboxOptions(0, SandboxOptions.parseKeys(java.util.List.of(KEY, READER + ":read")),
                0, 0, data, InnergyPaths.from(HubSettings.of(dir, Map.of()))));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("api-key", key); // header names are case-insensitive
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> r) throws Exception {
        return json.readTree(r.body());
    }

    static final String PROJECT = "[{\"Number\":\"J-1\",\"Name\":\"Harbor\",\"ExternalId\":\"ppak:J-1\",\"CustomerName\":\"Harbor LLC\","
            + "\"FirstDeliveryDate\":\"2024-04-30\",\"TotalContract\":{\"Value\":10.5,\"OriginalValue\":10.5,\"CurrencyCode\":\"USD\"}}]";

    @Test
    void unknownKeyIs401WithTheErrorBodyAndACorrelationId() throws Exception {
        HttpResponse<String> r = send("GET", "/api/projects", "nobody", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Correlation-Id")).isPresent();
        JsonNode b = body(r);
        assertThat(b.path("OutcomeType").asText()).isEqualTo("AuthenticationError");
        assertThat(b.path("Messages").get(0).asText()).isNotBlank();
        assertThat(b.path("CorrelationId").asText()).isEqualTo(r.headers().firstValue("X-Correlation-Id").orElseThrow());
        assertThat(send("GET", "/api/projects", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void readOnlyKeyReadsButGets403OnWrites() throws Exception {
        assertThat(send("GET", "/api/projects", READER, null).statusCode()).isEqualTo(200);
        HttpResponse<String> w = send("POST", "/api/projects/create", READER, PROJECT);
        assertThat(w.statusCode()).isEqualTo(403);
        assertThat(body(w).path("OutcomeType").asText()).isEqualTo("ForbiddenError");
        assertThat(sandbox.data().projects()).isEmpty();
    }

    @Test
    void createAnswersPascalCaseRecordsAndListsAreEnvelopes() throws Exception {
        HttpResponse<String> c = send("POST", "/api/projects/create", KEY, PROJECT);
        assertThat(c.statusCode()).isEqualTo(200);
        JsonNode p = body(c).get(0);
        assertThat(p.path("Id").asText()).hasSize(36);
        assertThat(p.path("Customer").path("Name").asText()).isEqualTo("Harbor LLC");
        assertThat(p.path("FirstDelivery").asText()).isEqualTo("2024-04-30");
        assertThat(p.path("CreatedOn").asText()).endsWith("Z");
        assertThat(p.path("ModifiedOn").asText()).doesNotEndWith("Z");

        HttpResponse<String> list = send("GET", "/api/projects", KEY, null);
        assertThat(body(list).fieldNames()).toIterable().containsExactly("CreateDate", "Items");
        assertThat(body(list).path("Items")).hasSize(1);
        assertThat(list.headers().firstValue("X-Correlation-Id")).isPresent();
        assertThat(body(send("GET", "/api/projects/" + p.path("Id").asText(), KEY, null)).path("Name").asText()).isEqualTo("Harbor");
    }

    @Test
    void duplicatesAndInvalidInputAre400NeverConflictAndNothingIsWritten() throws Exception {
        assertThat(send("POST", "/api/projects/create", KEY, PROJECT).statusCode()).isEqualTo(200);
        HttpResponse<String> dup = send("POST", "/api/projects/create", KEY, PROJECT);
        assertThat(dup.statusCode()).isEqualTo(400);
        assertThat(body(dup).path("OutcomeType").asText()).isEqualTo("Failure");
        assertThat(body(dup).path("Messages").toString()).contains("Number 'J-1' already exists", "ExternalId 'ppak:J-1' already exists");

        String materials = "[{\"Sku\":\"A\",\"Name\":\"A\",\"Category\":\"panels\",\"BaseUoM\":\"sheet\"},"
                + "{\"Sku\":\"B\",\"Name\":\"B\",\"Category\":\"panels\"}]";
        HttpResponse<String> bad = send("POST", "/api/materials/create", KEY, materials);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).path("Messages").toString()).contains("Item 1: BaseUoM is required");
        assertThat(sandbox.data().materials()).isEmpty();

        // a GET name in a POST body is refused, so a client mixing them up hears of it
        HttpResponse<String> getName = send("POST", "/api/projects/create", KEY,
                "[{\"Name\":\"X\",\"ExternalId\":\"x\",\"CustomerName\":\"C\",\"FirstDelivery\":\"2024-01-01\"}]");
        assertThat(getName.statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/projects/not-an-id", KEY, null).body()).contains("Invalid Id");
        assertThat(send("GET", "/api/projects/0f8fad5b-d9cb-469f-a165-70867728950e", KEY, null).statusCode()).isEqualTo(404);
    }

    @Test
    void pagingAnswersPagesAndRefusesTakeOver500() throws Exception {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 7; i++) {
            items.append(i == 0 ? "" : ",").append("{\"Sku\":\"S").append(i).append("\",\"Name\":\"n\",\"Category\":\"c\",\"BaseUoM\":\"each\"}");
        }
        assertThat(send("POST", "/api/materials/create", KEY, items.append("]").toString()).statusCode()).isEqualTo(200);

        assertThat(body(send("GET", "/api/materials?skip=5&take=3", KEY, null)).path("Items")).hasSize(2);
        assertThat(body(send("GET", "/api/materials", KEY, null)).path("Items")).hasSize(7);
        HttpResponse<String> tooMany = send("GET", "/api/materials?skip=0&take=501", KEY, null);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("take must be between 1 and 500");
        assertThat(send("GET", "/api/materials?status=Retired", KEY, null).statusCode()).isEqualTo(400);
    }

    @Test
    void adminFaultsRateLimitAndRequestsOverHttp() throws Exception {
        HttpResponse<String> added = send("POST", "/__admin/faults", null,
                "[{\"Method\":\"GET\",\"Path\":\"/api/*\",\"Status\":503,\"Times\":2,\"RetryAfter\":3}]");
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.headers().firstValue("X-Correlation-Id")).isPresent();
        HttpResponse<String> first = send("GET", "/api/version", KEY, null);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).contains("3");
        assertThat(send("GET", "/api/version", KEY, null).statusCode()).isEqualTo(503);
        assertThat(body(send("GET", "/api/version", KEY, null)).path("ServerVersion").asText()).isEqualTo(InnergySandbox.VERSION);

        send("POST", "/__admin/rate-limit", null, "{\"RequestsPerSecond\":2}");
        int limited = 0;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = send("GET", "/api/version", KEY, null);
            if (r.statusCode() == 429) {
                limited++;
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(limited).isGreaterThan(0);

        JsonNode recorded = body(send("GET", "/__admin/requests", null, null)).path("Items");
        assertThat(recorded.size()).isEqualTo(8);
        assertThat(recorded.get(0).path("Status").asInt()).isEqualTo(503);
        assertThat(recorded.toString()).doesNotContain(KEY);

        send("POST", "/__admin/reset", null, null);
        assertThat(body(send("GET", "/__admin/requests", null, null)).path("Items")).isEmpty();
        assertThat(send("GET", "/api/version", KEY, null).statusCode()).isEqualTo(200);
    }

    @Test
    void seedAndDataFileSurviveARestart() throws Exception {
        Path data = dir.resolve("sandbox.json");
        sandbox.close();
        sandbox = start(data);
        assertThat(send("POST", "/__admin/seed", null, "{\"Materials\":[{\"Sku\":\"SEEDED\",\"Name\":\"s\",\"Category\":\"c\","
                + "\"BaseUoM\":\"each\"}]}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/projects/create", KEY, PROJECT).statusCode()).isEqualTo(200);
        sandbox.close();

        sandbox = start(data);
        assertThat(sandbox.data().materials()).extracting(m -> m.sku()).containsExactly("SEEDED");
        assertThat(sandbox.data().projects()).extracting(p -> p.externalId()).containsExactly("ppak:J-1");
    }

    @Test
    void trapsAnswerHtmlAndRedirectToGzip() throws Exception {
        send("POST", "/__admin/traps", null, "{\"HtmlInsteadOfErrors\":true,\"RedirectLists\":true}");

        HttpResponse<String> html = send("GET", "/api/projects", "nobody", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(send("GET", "/api/nothing-here", KEY, null).statusCode()).isEqualTo(200);

        HttpResponse<String> redirect = send("GET", "/api/projects", KEY, null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + location)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gz.statusCode()).isEqualTo(200);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
            assertThat(json.readTree(in).has("Items")).isTrue();
        }
    }
}
