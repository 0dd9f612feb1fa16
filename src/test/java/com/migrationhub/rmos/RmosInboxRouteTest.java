package com.migrationhub.rmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubRuntime;
import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import java.io.InputStream;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service: RMOS documents copied into inbox/rmos in any order, folders last-first, load as
 * SAMPLES.md says; a document waits for its reference and loads by itself when it arrives; the orphan
 * is rejected after the orphan timeout; the dashboard API answers over real HTTP.
 *
 * <p>It boots {@link HubRuntime} exactly as {@code ./hub run} does (HTTP server and all): under
 * camel-test-main the embedded HTTP server is not started, so platform-http routes cannot run there.
 */
class RmosInboxRouteTest {

    @TempDir
    Path home;

    private final int port = HttpBinding.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    private HubRuntime runtime;
    private HubSettings settings;

    @BeforeEach
    void startService() {
        settings = HttpBinding.checked(HubSettings.of(home, Map.of(
                "hub.http.enabled", "true", "hub.http.port", Integer.toString(port),
                "hub.inbox.poll-ms", "100", "hub.inbox.check-interval-ms", "100", "hub.inbox.min-age-ms", "300",
                "hub.logs", home.resolve("logs").toString(),
                "hub.rmos.orphan-timeout", "10s", "hub.rmos.orphan-check-ms", "200")));
        com.migrationhub.core.HubLogging.pointAt(settings.get("hub.logs"));
        runtime = HubRuntime.start(settings, List.of("rmos"));
    }

    @AfterEach
    void stopService() {
        runtime.close();
    }

    private HubServices services() {
        return runtime.services();
    }

    private Path inbox(String flow) {
        return home.resolve("inbox").resolve(flow);
    }

    private Path outbox() {
        return home.resolve("outbox");
    }

    private Path home() {
        return home;
    }

    private static InputStream resource(String path) {
        InputStream in = RmosInboxRouteTest.class.getResourceAsStream("/" + path);
        assertThat(in).as(path).isNotNull();
        return in;
    }

    /** Copies a sample into a folder the way a user drops a file. */
    private static void drop(String resource, Path folder) throws Exception {
        Files.createDirectories(folder);
        try (InputStream in = resource(resource)) {
            Files.copy(in, folder.resolve(Path.of(resource).getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private RmosStore store() {
        return services().rmos().store();
    }

    private long rows() {
        return store().counts().get("total");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return Json.mapper().readTree(r.body());
    }

    private void dropAll(String folder) throws Exception {
        for (String sample : samples(folder)) {
            drop("samples/" + sample, inbox("rmos").resolve(Path.of(sample).getParent().toString().substring("rmos/".length())));
        }
    }

    private static List<String> samples(String folder) throws Exception {
        try (var in = resource("samples/index.txt")) {
            return new String(in.readAllBytes()).lines().map(String::strip).filter(s -> s.startsWith("rmos/" + folder + "/")).toList();
        }
    }

    @Test
    void documentsInAnyOrderLoadAsSamplesSayAndTheDashboardShowsThem() throws Exception {
        // Job logs first, then patterns: they wait for what they reference.
        dropAll("joblogs");
        dropAll("patterns");
        await().atMost(Duration.ofSeconds(20)).until(() -> store().waiting().size() == 5);
        assertThat(store().waiting()).extracting(RmosStore.Waiting::sourceFile).containsExactlyInAnyOrder(
                "joblogs/slice-001.json", "patterns/herringbone-3.json", "patterns/no-id-spiral.json",
                "patterns/orphan-family.json", "patterns/rope-classic.json");
        // The rosette needs no family: it loaded, and released the job log that names it.
        assertThat(rows()).isEqualTo(2);
        assertThat(getJson("/api/rmos/stores/migration/status").at("/validation/documents_waiting_for_a_reference").asInt()).isEqualTo(5);

        // The families arrive: the waiting documents load by themselves, in the same batch.
        dropAll("strip_families");
        await().atMost(Duration.ofSeconds(20)).until(() -> rows() == 8);
        assertThat(store().waiting()).extracting(RmosStore.Waiting::sourceFile).containsExactly("patterns/orphan-family.json");

        // The orphan's family never comes: after hub.rmos.orphan-timeout it is rejected, naming the missing id.
        await().atMost(Duration.ofSeconds(30)).until(() -> services().deadLetters().pending("rmos").size() == 6);
        assertThat(store().waiting()).isEmpty();
        assertThat(services().deadLetters().pending("rmos")).extracting(DeadLetter::sourceFile, DeadLetter::reason)
                .contains(tuple("patterns/orphan-family.json",
                        "unknown strip family fam-does-not-exist (strip_family_id)"));

        // Found 14 = loaded 8 + rejected 6 over the batches; the inbox is empty; each original in one place:
        // the 8 loaded in the archive, the 6 rejected (the orphan too, which waited in the archive) as dead letters only.
        List<BatchLedger.Batch> batches = services().ledger().recent("rmos", 100);
        assertThat(batches.stream().mapToLong(BatchLedger.Batch::found).sum()).isEqualTo(14);
        assertThat(batches.stream().mapToLong(BatchLedger.Batch::loaded).sum()).isEqualTo(8);
        assertThat(batches.stream().mapToLong(BatchLedger.Batch::rejected).sum()).isEqualTo(6);
        assertThat(batches).allSatisfy(b -> assertThat(b.found()).isEqualTo(b.loaded() + b.rejected() + b.skipped()));
        try (var files = Files.walk(inbox("rmos"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
        try (var files = Files.walk(outbox().resolve("archive/rmos"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(8);
        }
        try (var files = Files.walk(outbox().resolve("dead-letter/rmos"))) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".reason.txt")).count()).isEqualTo(6);
        }

        // GET status: counts, three newest per entity, the real database file, schema version, references healthy.
        JsonNode status = getJson("/api/rmos/stores/migration/status");
        assertThat(status.get("success").asBoolean()).isTrue();
        assertThat(status.get("entity_counts")).isEqualTo(Json.mapper().readTree(
                "{\"strip_families\":2,\"patterns\":4,\"joblogs\":2,\"total\":8}"));
        assertThat(status.at("/recent_entities/patterns")).hasSize(3);
        assertThat(status.at("/recent_entities/strip_families")).hasSize(2);
        assertThat(status.at("/validation/status").asText()).isEqualTo("healthy");
        JsonNode database = status.at("/migration_status/database");
        assertThat(database.get("location").asText()).isEqualTo(home().resolve("data/rmos.db").toAbsolutePath().toString());
        assertThat(database.get("size_bytes").asLong() + database.get("wal_size_bytes").asLong()).isPositive();
        assertThat(status.at("/migration_status/schema_version/version").asInt()).isEqualTo(2);
        assertThat(status.at("/migration_status/schema_version/applied_at").asText()).isNotBlank();
        assertThat(status.at("/migration_status/last_migration/batch_id").asLong()).isEqualTo(batches.get(0).id());

        // A reference broken behind the hub's back shows as errors_detected.
        try (Connection c = store().db().connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE patterns SET strip_family_id = 'fam-gone' WHERE id = 'pat-rope-classic'");
        }
        JsonNode broken = getJson("/api/rmos/stores/migration/status").get("validation");
        assertThat(broken.get("status").asText()).isEqualTo("errors_detected");
        assertThat(broken.at("/dangling_references/0/missing_id").asText()).isEqualTo("fam-gone");

        // GET history: batches grouped by date, newest first; limit outside 1-500 is a 400 with a JSON error.
        JsonNode history = getJson("/api/rmos/stores/migration/history?limit=50");
        assertThat(history.at("/history/0/batches/0/batch_id").asLong()).isEqualTo(batches.get(0).id());
        assertThat(history.at("/history/0/found").asLong()).isEqualTo(14);
        assertThat(getJson("/api/rmos/stores/migration/history?limit=2").at("/history/0/batches")).hasSize(2);
        for (String bad : List.of("0", "501", "abc", "-3")) {
            HttpResponse<String> r = get("/api/rmos/stores/migration/history?limit=" + bad);
            assertThat(r.statusCode()).as("limit=" + bad).isEqualTo(400);
            JsonNode error = Json.mapper().readTree(r.body());
            assertThat(error.fieldNames()).toIterable().containsExactly("error");
            assertThat(error.get("error").asText()).startsWith("limit must be a whole number from 1 to 500");
        }
        assertThat(get("/observe/health").body()).contains("UP");
    }

    @Test
    void aDatabaseFailureMidBatchRollsItBackAndTheDocumentsLoadOneByOne() throws Exception {
        // The database refuses one valid document: a batch holding it fails half-way through.
        try (Connection c = store().db().connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON patterns WHEN NEW.name = 'Boom' "
                    + "BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END");
        }
        Path staging = Files.createTempDirectory(home(), "staging");
        drop("samples/rmos/strip_families/ebony-standard.json", staging.resolve("strip_families"));
        drop("samples/rmos/strip_families/maple-bw.json", staging.resolve("strip_families"));
        drop("samples/rmos/patterns/herringbone-3.json", staging.resolve("patterns"));
        drop("rmos/patterns/boom.json", staging.resolve("patterns"));
        drop("samples/rmos/patterns/rope-classic.json", staging.resolve("patterns"));
        // One folder move: all five appear in the inbox at once and are taken in one poll, one batch.
        for (String folder : List.of("strip_families", "patterns")) {
            Files.delete(inbox("rmos").resolve(folder));
            Files.move(staging.resolve(folder), inbox("rmos").resolve(folder));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> services().deadLetters().pending("rmos").size() == 1);
        DeadLetter refused = services().deadLetters().pending("rmos").get(0);
        assertThat(refused.sourceFile()).isEqualTo("patterns/boom.json");
        assertThat(refused.reason()).startsWith("could not be written to the RMOS database").contains("disk refused the write");
        await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 4);
        assertThat(store().counts()).containsEntry("strip_families", 2L).containsEntry("patterns", 2L);

        List<BatchLedger.Batch> batches = services().ledger().recent("rmos", 10);
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.found()).isEqualTo(5);
            assertThat(b.loaded()).isEqualTo(4);
            assertThat(b.rejected()).isEqualTo(1);
        });
        // Every loaded row carries the id of the batch that loaded it.
        try (Connection c = store().db().connection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM patterns WHERE batch_id = " + batches.get(0).id())) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }

        // Replayed while the database still refuses: rejected again, still that one dead letter.
        var replay = runtime.context().createProducerTemplate();
        com.migrationhub.core.ReplayOutcome again = replay.requestBody("direct:rmos-replay", refused,
                com.migrationhub.core.ReplayOutcome.class);
        assertThat(again.loaded()).isFalse();
        assertThat(again.reason()).contains("disk refused the write");
        assertThat(services().deadLetters().pending("rmos")).singleElement()
                .satisfies(d -> assertThat(d.id()).isEqualTo(refused.id()));

        // The database accepts it again: replaying the dead letter loads it, through the generic contract.
        try (Connection c = store().db().connection(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER refuse_boom");
        }
        com.migrationhub.core.ReplayOutcome outcome = replay.requestBody("direct:rmos-replay", refused,
                com.migrationhub.core.ReplayOutcome.class);
        assertThat(outcome.loaded()).isTrue();
        assertThat(services().deadLetters().pending("rmos")).isEmpty();
        assertThat(rows()).isEqualTo(5);
    }

}
