package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubServices;
import com.migrationhub.core.BatchLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as a page of another web site finds it, with the default settings (loopback, no token), over real HTTP:
 * a change sent from another origin, as a form or as text, is refused and changes nothing; a rebinding page that
 * reaches the hub under its own name reads nothing; scripts without an Origin and the hub's own page still work.
 * Every refusal and failure answers the one shape {@code {"error": "<plain sentence>"}}.
 */
class OperatorHttpGuardTest {

    private static final String EVIL = "http://evil.example";

    @TempDir
    Path home;

    private OpsHubRig hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private HubServices services() {
        return hub.services();
    }

    /** A PPak export loaded (6 rows) and a bad file rejected: five dead letters waiting, one batch to roll back. */
    private long loaded() throws Exception {
        hub.drop("samples/ppak/projects_2024-01-15.csv", "ppak", "projects_2024-01-15.csv");
        Files.writeString(home.resolve("inbox/ppak/broken.csv"), "x\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 10).stream()
                .filter(b -> !BatchLedger.RUNNING.equals(b.status())).count() == 2);
        return services().ledger().recent("ppak", 10).stream().filter(b -> b.source().equals("projects_2024-01-15.csv"))
                .findFirst().orElseThrow().id();
    }

    /** Everything a change could touch: the ledger, the dead letters, the canonical store, the mappings, the reports. */
    private Map<String, Object> state() throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/hub.db"));
             Statement s = c.createStatement()) {
            for (String query : List.of("SELECT id, flow, status, loaded FROM batches ORDER BY id",
                    "SELECT id, replayed FROM dead_letters ORDER BY id", "SELECT natural_key, content_hash, batch_id FROM canonical_projects ORDER BY natural_key")) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                state.put(query, rows);
            }
        }
        for (String folder : List.of("mappings", "outbox")) {
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(home.resolve(folder))) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    files.put(home.relativize(f).toString(), Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
            state.put(folder, files);
        }
        return state;
    }

    /** The one error shape: JSON with only "error", a sentence naming no class and no path. */
    private void plainError(OpsHubRig.Answer r, String about) throws Exception {
        assertThat(r.headers().get("content-type")).as(about).startsWith("application/json");
        JsonNode error = r.json();
        assertThat(error.fieldNames()).toIterable().as(about + " " + r.body()).containsExactly("error");
        assertThat(error.get("error").asText()).as(about).isNotBlank().doesNotContain("Exception").doesNotContain("com.migrationhub")
                .doesNotContain(home.toString());
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            h.put(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    @Test
    void anotherSiteCanChangeNothingAsFormTextOrJsonAndScriptsWithoutAnOriginStillWork() throws Exception {
        hub = new OpsHubRig(home, "", List.of("ppak", "innergy", "ops"));
        long batch = loaded();
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("/api/batches/" + batch + "/rollback", "");
        changes.put("/api/mappings/status", "{\"value\":\"In Review\",\"canonical\":\"in_progress\"}");
        changes.put("/api/dead-letters/replay", "{\"flow\":\"ppak\",\"all\":true}");
        changes.put("/api/jobs/material-sync?dryRun=false", "");
        String own = "http://127.0.0.1:" + hub.port;
        Map<Map<String, String>, Integer> attacks = new LinkedHashMap<>();
        // what a page elsewhere sends without asking first (a "simple" request) and what it may send with CORS
        attacks.put(headers("Origin", EVIL, "Content-Type", "text/plain;charset=UTF-8", "Sec-Fetch-Site", "cross-site"), 403);
        attacks.put(headers("Origin", EVIL, "Content-Type", "application/x-www-form-urlencoded"), 403);
        attacks.put(headers("Origin", EVIL, "Content-Type", "application/json"), 403);
        attacks.put(headers("Origin", "null", "Content-Type", "application/json"), 403);
        attacks.put(headers("Origin", "http://127.0.0.1:1", "Content-Type", "application/json"), 403);
        attacks.put(headers("Sec-Fetch-Site", "cross-site", "Content-Type", "application/json"), 403);
        attacks.put(headers("Origin", own, "Sec-Fetch-Site", "same-site", "Content-Type", "application/json"), 403);
        // a rebinding page: the hub reached under the attacker's name, even with its own origin
        attacks.put(headers("Host", "attacker.example:" + hub.port, "Origin", "http://attacker.example:" + hub.port,
                "Content-Type", "application/json"), 403);
        // no Origin, but not JSON: never taken
        attacks.put(headers("Content-Type", "text/plain"), 415);
        attacks.put(headers("Content-Type", "application/x-www-form-urlencoded"), 415);
        attacks.put(headers("Content-Type", "multipart/form-data; boundary=x"), 415);
        Map<String, Object> before = state();
        for (Map.Entry<String, String> change : changes.entrySet()) {
            for (Map.Entry<Map<String, String>, Integer> attack : attacks.entrySet()) {
                String about = "POST " + change.getKey() + " " + attack.getKey();
                OpsHubRig.Answer r = hub.send("POST", change.getKey(), attack.getKey(), change.getValue());
                assertThat(r.status()).as(about + " -> " + r.body()).isEqualTo(attack.getValue());
                plainError(r, about);
            }
            if (!change.getValue().isEmpty()) {
                OpsHubRig.Answer bare = hub.send("POST", change.getKey(), Map.of(), change.getValue());
                assertThat(bare.status()).as("a body without a Content-Type " + change.getKey()).isEqualTo(415);
                plainError(bare, change.getKey());
            }
        }
        assertThat(hub.send("POST", "/api/batches/" + batch + "/rollback", headers("Origin", EVIL), "").body())
                .contains("another web site");
        assertThat(state()).as("nothing changed").isEqualTo(before);
        assertThat(services().ledger().find(batch).status()).isEqualTo(BatchLedger.DONE);

        // the hub's own page (same origin, JSON) and a script (no Origin, no body) still change things
        OpsHubRig.Answer plan = hub.send("POST", "/api/jobs/material-sync?dryRun=true", headers("Origin", own,
                "Sec-Fetch-Site", "same-origin", "Content-Type", "application/json"), "");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        OpsHubRig.Answer local = hub.send("POST", "/api/jobs/material-sync?dryRun=true", headers("Host", "localhost:" + hub.port,
                "Origin", "http://localhost:" + hub.port, "Content-Type", "application/json; charset=utf-8"), "");
        assertThat(local.status()).as(local.body()).isEqualTo(200);
        OpsHubRig.Answer curl = hub.send("POST", "/api/batches/" + batch + "/rollback", Map.of(), "");
        assertThat(curl.status()).as(curl.body()).isEqualTo(200);
        assertThat(curl.json().get("result").asText()).isEqualTo("rolled back");
        assertThat(services().ledger().find(batch).status()).isEqualTo(BatchLedger.ROLLED_BACK);
    }

    @Test
    void aRebindingPageReachingTheHubUnderAnotherNameReadsNothing() throws Exception {
        hub = new OpsHubRig(home, "", List.of("ppak", "innergy", "ops"));
        long batch = loaded();
        long deadLetter = services().deadLetters().pending("ppak").get(0).id();
        List<String> reads = List.of("/", "/console/app.js", "/api/status", "/api/batches", "/api/batches/" + batch,
                "/api/dead-letters", "/api/dead-letters/" + deadLetter, "/api/dead-letters?flow=ppak", "/observe/health",
                "/observe/health/ready", "/observe/metrics");
        for (String path : reads) {
            for (String host : List.of("attacker.example:" + hub.port, "attacker.example", "127.0.0.1.evil.example:" + hub.port,
                    "localhost.:" + hub.port, "")) {
                OpsHubRig.Answer r = hub.send("GET", path, headers("Host", host), null);
                assertThat(r.status()).as(path + " Host " + host + " -> " + r.body()).isEqualTo(403);
                plainError(r, path + " Host " + host);
                assertThat(r.body()).as(path).doesNotContain("projects_2024").doesNotContain("In Review").doesNotContain("<html")
                        .doesNotContain("camel_exchanges").doesNotContain("UP");
            }
            for (String host : List.of("127.0.0.1:" + hub.port, "localhost:" + hub.port, "LOCALHOST:" + hub.port, "[::1]:" + hub.port,
                    "127.0.0.1")) {
                OpsHubRig.Answer r = hub.send("GET", path, headers("Host", host), null);
                assertThat(r.status()).as(path + " Host " + host + " -> " + r.body()).isEqualTo(200);
            }
        }
        assertThat(hub.send("GET", "/api/dead-letters", headers("Host", "attacker.example"), null).body())
                .contains("hub.http.allowed-hosts");
        assertThat(hub.send("GET", "/observe/metrics?x=1&x=2", Map.of(), null).status()).isEqualTo(400);
    }

    @Test
    void anOperatorNamesTheHostsTheHubAnswersTo() throws Exception {
        hub = new OpsHubRig(home, "", List.of("ppak", "innergy", "ops"), Map.of("hub.http.allowed-hosts", "hub.plant.example"));
        assertThat(hub.send("GET", "/api/status", headers("Host", "hub.plant.example:" + hub.port), null).status()).isEqualTo(200);
        // hub.http.host is always one of them; the loopback names are the default list, replaced here
        assertThat(hub.send("GET", "/api/status", headers("Host", "127.0.0.1:" + hub.port), null).status()).isEqualTo(200);
        assertThat(hub.send("GET", "/api/status", headers("Host", "localhost:" + hub.port), null).status()).isEqualTo(403);
        OpsHubRig.Answer change = hub.send("POST", "/api/jobs/material-sync?dryRun=true", headers("Host", "hub.plant.example:" + hub.port,
                "Origin", "http://hub.plant.example:" + hub.port, "Content-Type", "application/json"), "");
        assertThat(change.status()).as(change.body()).isEqualTo(200);
    }

    @Test
    void theTokenIsStillNeededForEveryChangeEvenFromTheHubsOwnPage() throws Exception {
        hub = new OpsHubRig(home, "s3cret", List.of("ppak", "innergy", "ops"));
        long batch = loaded();
        String own = "http://127.0.0.1:" + hub.port;
        Map<String, Object> before = state();
        for (String auth : java.util.Arrays.asList(null, "Bearer nope", "Bearer s3cret2", "s3cret", "Basic czNjcmV0")) {
            OpsHubRig.Answer r = hub.send("POST", "/api/batches/" + batch + "/rollback", headers("Origin", own,
                    "Content-Type", "application/json", "Authorization", auth), "");
            assertThat(r.status()).as(auth + " " + r.body()).isEqualTo(401);
            plainError(r, "token " + auth);
            assertThat(r.json().get("error").asText()).contains("Authorization: Bearer");
        }
        // a foreign page with the right token is still another site
        assertThat(hub.send("POST", "/api/batches/" + batch + "/rollback", headers("Origin", EVIL, "Authorization", "Bearer s3cret"), "")
                .status()).isEqualTo(403);
        assertThat(state()).isEqualTo(before);
        OpsHubRig.Answer ok = hub.send("POST", "/api/batches/" + batch + "/rollback", headers("Authorization", "Bearer s3cret"), "");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void aRepeatedParameterIsA400NamingItAndChangesNothing() throws Exception {
        hub = new OpsHubRig(home, "", List.of("ppak", "innergy", "ops"));
        Map<String, String> twice = new LinkedHashMap<>();
        twice.put("GET /api/batches?limit=1&limit=2", "limit");
        twice.put("GET /api/batches?flow=ppak&limit=5&flow=rmos", "flow");
        twice.put("GET /api/dead-letters?reason=a&file=b&reason=c", "reason");
        twice.put("GET /api/status?x=1&x=1", "x");
        twice.put("POST /api/jobs/material-sync?dryRun=true&dryRun=false", "dryRun");
        twice.put("POST /api/jobs/material-sync?dry%52un=true&dryRun=false", "dryRun");
        Map<String, Object> before = state();
        for (Map.Entry<String, String> e : twice.entrySet()) {
            String[] request = e.getKey().split(" ");
            OpsHubRig.Answer r = hub.send(request[0], request[1], Map.of(), "");
            assertThat(r.status()).as(e.getKey() + " " + r.body()).isEqualTo(400);
            plainError(r, e.getKey());
            assertThat(r.json().get("error").asText()).as(e.getKey()).startsWith(e.getValue() + " is given more than once");
        }
        assertThat(state()).isEqualTo(before);
        assertThat(hub.send("GET", "/api/batches?limit=1&flow=ppak", Map.of(), null).status()).isEqualTo(200);
    }

    @Test
    void aRefusalIs409WithItsReasonAndAnUnexpectedFailureA500WithAPlainSentence() throws Exception {
        hub = new OpsHubRig(home, "", List.of("ppak", "innergy", "ops"));
        hub.drop("samples/ppak/projects_2024-01-15.csv", "ppak", "projects_2024-01-15.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 1).stream()
                .anyMatch(b -> BatchLedger.DONE.equals(b.status())));
        hub.drop("samples/ppak/projects_2024-02-01.csv", "ppak", "projects_2024-02-01.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 10).stream()
                .filter(b -> BatchLedger.DONE.equals(b.status())).count() == 2);
        List<BatchLedger.Batch> done = services().ledger().recent("ppak", 10);
        long second = done.get(0).id();
        long first = done.get(1).id();

        OpsHubRig.Answer refused = hub.send("POST", "/api/batches/" + first + "/rollback", Map.of(), "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        plainError(refused, "refusal");
        assertThat(refused.json().get("error").asText()).contains("batch " + second).contains("roll those back first");
        assertThat(services().ledger().find(first).status()).isEqualTo(BatchLedger.DONE);

        for (String path : List.of("/api/batches/99999", "/api/dead-letters/99999", "/console/nope.js")) {
            OpsHubRig.Answer missing = hub.send("GET", path, Map.of(), null);
            assertThat(missing.status()).as(path).isEqualTo(404);
            plainError(missing, path);
        }
        // what no route serves: the server's own answer, in the same shape
        for (String[] request : new String[][] {{"GET", "/api/nope"}, {"GET", "/nope.html"}, {"DELETE", "/api/batches/" + first},
                {"PUT", "/api/status"}, {"GET", "/observe/nope"}}) {
            OpsHubRig.Answer none = hub.send(request[0], request[1], Map.of(), "");
            assertThat(none.status()).as(String.join(" ", request)).isEqualTo(404);
            plainError(none, String.join(" ", request));
        }
        assertThat(hub.send("GET", "/observe/health", Map.of(), null).status()).isEqualTo(200);
        OpsHubRig.Answer bad = hub.send("GET", "/api/batches/abc", Map.of(), null);
        assertThat(bad.status()).isEqualTo(400);
        plainError(bad, "bad id");

        // the dead letters' table gone from under the hub: the request fails for a reason no client can fix
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/hub.db"));
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE dead_letters RENAME TO dead_letters_away");
            OpsHubRig.Answer failed = hub.send("GET", "/api/dead-letters", Map.of(), null);
            s.execute("ALTER TABLE dead_letters_away RENAME TO dead_letters");
            assertThat(failed.status()).as(failed.body()).isEqualTo(500);
            plainError(failed, "500");
            assertThat(failed.json().get("error").asText()).isEqualTo(HttpErrors.FAILED).doesNotContain("SQL").doesNotContain("dead_letters");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(home.resolve("logs/hub.log")))
                .contains("ops-dead-letters failed: ").contains("no such table: dead_letters"));
        assertThat(hub.send("GET", "/api/dead-letters", Map.of(), null).status()).isEqualTo(200);
    }
}
