package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.innergy.sandbox.FaultRule;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PPak → INNERGY migration as an operator runs it, end to end against the real sandbox:
 * {@code ppak-etl}, then {@code import-projects} (dry-run, then --live), {@code sync-materials},
 * {@code health-check}, with the home's .env naming the sandbox and the key.
 */
class InnergyMigrationTest {

    static final String KEY = "migration-test-key-31";

    @TempDir
    Path home;

    @TempDir
    Path exports;

    InnergySandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        sandbox = SandboxHome.start(home, KEY);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    void export(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, exports.resolve(Path.of(resource).getFileName().toString()));
        }
    }

    void etl(String... resources) throws IOException {
        for (String r : resources) {
            export(r);
        }
        CommandRun run = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isIn(0, 1);
    }

    CommandRun hub(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        all[args.length + 2] = "--json";
        return CommandRun.of(all);
    }

    long posts() {
        return sandbox.requests().stream().filter(r -> r.method().equals("POST")).count();
    }

    @Test
    void samplesImportLiveThenASecondImportCreatesNothing() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv", "/samples/ppak/materials_2024-01-15.csv",
                "/samples/ppak/work_orders_2024-01-15.csv", "/samples/ppak/projects_2024-02-01.csv");

        CommandRun dry = hub("import-projects");
        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        assertThat(posts()).isZero();
        JsonNode plan = com.migrationhub.core.Json.mapper().readTree(Path.of(dry.json().get("plan_file").asText()).toFile());
        assertThat(plan.get("requests").size()).isEqualTo(dry.json().at("/projects/created").asInt()
                + dry.json().at("/work_orders/created").asInt());
        assertThat(plan.toString()).doesNotContain(KEY);

        CommandRun live = hub("import-projects", "--live");
        assertThat(live.exitCode()).as(live.stderr()).isZero();
        JsonNode r = live.json();
        assertThat(r.at("/projects/created").asInt()).isEqualTo(dry.json().at("/projects/created").asInt()).isPositive();
        assertThat(r.at("/work_orders/created").asInt()).isEqualTo(4);
        assertThat(sandbox.data().projects()).hasSize(r.at("/projects/created").asInt());
        assertThat(sandbox.data().workOrders()).hasSize(4);
        assertThat(home.resolve("outbox/reports").toFile().list()).anyMatch(n -> n.startsWith("innergy_import_") && n.endsWith(".md"));

        long before = posts();
        CommandRun again = hub("import-projects", "--live");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.json().at("/projects/created").asInt()).isZero();
        assertThat(again.json().at("/projects/updated").asInt()).isZero();
        assertThat(again.json().at("/projects/unchanged").asInt()).isEqualTo(r.at("/projects/created").asInt());
        assertThat(again.json().at("/work_orders/unchanged").asInt()).isEqualTo(4);
        assertThat(posts()).isEqualTo(before);
    }

    @Test
    void a503StormAndADroppedConnectionAfterACreateLeaveNoDuplicate() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv", "/samples/ppak/work_orders_2024-01-15.csv");
        sandbox.addFaults(FaultRule.status("POST", "/api/projects/**", 503, 4, null),
                FaultRule.drop("POST", "/api/projects/create", FaultRule.DROP_AFTER, 2),
                FaultRule.drop("POST", "/api/projects/*/workorders/create", FaultRule.DROP_AFTER, 1));

        CommandRun live = hub("import-projects", "--live");

        assertThat(live.exitCode()).as(live.stderr()).isZero();
        int created = live.json().at("/projects/created").asInt();
        assertThat(sandbox.data().projects()).hasSize(created);
        assertThat(sandbox.data().projects().stream().map(p -> p.externalId()).distinct()).hasSize(created);
        assertThat(sandbox.data().workOrders().stream().map(w -> w.externalIdentifier()).distinct())
                .hasSize(sandbox.data().workOrders().size());
        assertThat(sandbox.requests()).extracting(RecordedRequest::dropped).contains(true);
        assertThat(sandbox.requests()).extracting(RecordedRequest::status).contains(503, 400);
    }

    @Test
    void aProjectRefusedWith400IsDeadLetteredWhileTheRestImport() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv");
        // INNERGY already holds another project under the number J-24-1002: the create is refused (400)
        sandbox.seed(new com.migrationhub.innergy.sandbox.SandboxData(List.of(new com.migrationhub.innergy.api.Project(null,
                "J-24-1002", "Someone else's project", "other-system:77", "Active", null, null, null, null, null, null, null,
                null, null, null)), null, null));

        CommandRun live = hub("import-projects", "--live");

        assertThat(live.exitCode()).isEqualTo(1);
        JsonNode r = live.json();
        assertThat(r.at("/projects/failed").asInt()).isEqualTo(1);
        assertThat(r.get("failures").get(0).get("key").asText()).isEqualTo("J-24-1002");
        assertThat(r.get("failures").get(0).get("reason").asText()).contains("HTTP 400").contains("Number 'J-24-1002' already exists");
        assertThat(r.at("/projects/created").asInt()).isEqualTo(sandbox.data().projects().size() - 1).isPositive();
        assertThat(home.resolve("outbox/dead-letter/innergy/project_J-24-1002.json")).exists();
        assertThat(Files.readString(home.resolve("outbox/dead-letter/innergy/project_J-24-1002.json.reason.txt")))
                .contains("already exists");
        CommandRun letters = CommandRun.of("dead-letter", "list", "--flow", "innergy", "--home", home.toString(), "--json");
        assertThat(letters.json().get("count").asInt()).isEqualTo(1);

        // refused again on the next run: the same dead letter, with the newest reason, not a second one
        assertThat(hub("import-projects", "--live").exitCode()).isEqualTo(1);
        assertThat(CommandRun.of("dead-letter", "list", "--flow", "innergy", "--home", home.toString(), "--json")
                .json().get("count").asInt()).isEqualTo(1);

        // the conflict is cleared in INNERGY; a replay (live mode) pushes the project and resolves the dead letter
        com.migrationhub.innergy.api.Project other = sandbox.data().projects().stream()
                .filter(p -> p.externalId().equals("other-system:77")).findFirst().orElseThrow();
        sandbox.seed(new com.migrationhub.innergy.sandbox.SandboxData(List.of(new com.migrationhub.innergy.api.Project(other.id(),
                "OTHER-77", other.name(), other.externalId(), other.status(), null, null, null, null, null, null, null, null,
                null, null)), null, null));
        Files.writeString(home.resolve("hub.properties"), "hub.innergy.mode=live\n", java.nio.file.StandardOpenOption.APPEND);
        CommandRun replay = CommandRun.of("dead-letter", "replay", "--flow", "innergy", "--all", "--home", home.toString(), "--json");
        assertThat(replay.exitCode()).as(replay.stdout() + replay.stderr()).isZero();
        assertThat(replay.json().get("loaded").asInt()).isEqualTo(1);
        assertThat(CommandRun.of("dead-letter", "list", "--flow", "innergy", "--home", home.toString(), "--json")
                .json().get("count").asInt()).isZero();
        assertThat(sandbox.data().projects()).filteredOn(p -> "J-24-1002".equals(p.externalId())).hasSize(1);
    }

    @Test
    void materialSyncCreatesThenReportsAFieldLevelUpdateAndUnmanagedMaterials() throws Exception {
        CommandRun first = hub("sync-materials", "--live");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.json().at("/counts/new").asInt()).isEqualTo(6);
        assertThat(first.json().get("inactive_not_in_innergy").get(0).asText()).isEqualTo("FIN-CONV-SATIN");
        assertThat(sandbox.data().materials()).hasSize(6);

        Path master = home.resolve("mappings/material_library_master.csv");
        Files.writeString(master, Files.readString(master)
                .replace("CAB-HW-123,\"Soft-close hinge 110°, full overlay\",hardware,hinges,each,3.95,Blum",
                        "CAB-HW-123,\"Soft-close hinge 110°, full overlay\",hardware,hinges,each,4.10,Blum")
                .replace("EDGE-PVC-WHT-15,PVC edge banding white 15 mm,trim,edgebanding,lf,0.18,Rehau,RAU-PVC-15W,true",
                        "EDGE-PVC-WHT-15,PVC edge banding white 15 mm,trim,edgebanding,lf,0.18,Rehau,RAU-PVC-15W,false"));
        sandbox.seed(new com.migrationhub.innergy.sandbox.SandboxData(null, null, List.of(new com.migrationhub.innergy.api.Material(
                null, "LEGACY-42", "Old laminate", null, "panels", null, "sheet", null, null, null, null, null, null, "Active",
                null, null, null))));

        CommandRun second = hub("sync-materials", "--live");

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        JsonNode r = second.json();
        assertThat(r.at("/counts/new").asInt()).isZero();
        assertThat(r.at("/counts/updated").asInt()).isEqualTo(1);
        assertThat(r.at("/counts/inactive").asInt()).isEqualTo(1);
        assertThat(r.at("/counts/unchanged").asInt()).isEqualTo(5);
        assertThat(r.at("/updated/0/sku").asText()).isEqualTo("CAB-HW-123");
        assertThat(r.at("/updated/0/differences").toString()).contains("\"field\":\"Cost\"", "3.95", "4.1");
        assertThat(r.at("/updated/0/differences")).hasSize(1);
        assertThat(r.at("/unmanaged/0/sku").asText()).isEqualTo("LEGACY-42");
        assertThat(sandbox.data().materials()).filteredOn(m -> m.sku().equals("EDGE-PVC-WHT-15"))
                .singleElement().satisfies(m -> assertThat(m.status()).isEqualTo("Inactive"));
        Path md = Path.of(r.get("report").asText().replace(".json", ".md"));
        assertThat(Files.readString(md)).contains("Cost: INNERGY `3.95` → master `4.10`");

        CommandRun sweep = hub("sync-materials", "--live", "--deactivate-missing");
        assertThat(sweep.json().at("/counts/deactivated_missing").asInt()).isEqualTo(1);
        assertThat(sandbox.data().materials()).filteredOn(m -> m.sku().equals("LEGACY-42"))
                .singleElement().satisfies(m -> assertThat(m.status()).isEqualTo("Inactive"));
    }

    @Test
    void cleanExportsThroughTheFullCycleEndHealthyAndASecondCycleChangesNothing() throws Exception {
        Path inbox = home.resolve("inbox/ppak");
        Files.createDirectories(inbox);
        for (String name : List.of("projects_2024-05-01.csv", "materials_2024-05-01.csv", "work_orders_2024-05-01.csv")) {
            try (InputStream in = getClass().getResourceAsStream("/innergy/clean/" + name)) {
                Files.copy(in, inbox.resolve(name));
            }
        }

        CommandRun cycle = hub("full-cycle", "--live");

        assertThat(cycle.exitCode()).as(cycle.stdout() + cycle.stderr()).isZero();
        JsonNode r = cycle.json();
        assertThat(r.at("/steps/ppak-etl/totals/loaded").asInt()).isEqualTo(9);
        assertThat(r.at("/steps/sync-materials/counts/new").asInt()).isEqualTo(6);
        assertThat(r.at("/steps/import-projects/projects/created").asInt()).isEqualTo(3);
        assertThat(r.at("/steps/import-projects/work_orders/created").asInt()).isEqualTo(3);
        assertThat(r.at("/steps/health-check/overall_health").asText()).isEqualTo("healthy");
        assertThat(home.resolve("outbox/reports/health_check_" + java.time.LocalDate.now() + ".md")).exists();
        assertThat(sandbox.data().workOrders()).extracting(w -> w.projectNumber())
                .containsExactlyInAnyOrder("J-24-2001", "J-24-2001", "J-24-2002");

        long posts = posts();
        CommandRun health = hub("health-check");
        assertThat(health.exitCode()).isZero();
        CommandRun again = hub("import-projects", "--live");
        assertThat(again.json().at("/projects/unchanged").asInt()).isEqualTo(3);
        assertThat(again.json().at("/work_orders/unchanged").asInt()).isEqualTo(3);
        assertThat(posts()).isEqualTo(posts);
    }

    @Test
    void healthCheckOfTheMessySamplesNamesEveryGap() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv", "/samples/ppak/materials_2024-01-15.csv",
                "/samples/ppak/work_orders_2024-01-15.csv");

        CommandRun health = hub("health-check");

        assertThat(health.exitCode()).isEqualTo(1);
        JsonNode r = health.json();
        assertThat(r.get("overall_health").asText()).isEqualTo("errors");
        assertThat(r.get("projects_without_innergy_id")).hasSize(6);
        assertThat(r.get("materials_missing_in_innergy").toString()).contains("PP-UNMAPPED-9", "WO-1003-01");
        assertThat(r.at("/unmapped_values/material").toString()).contains("OLD-STAIN-07", "PP-UNMAPPED-9");
        assertThat(r.at("/dead_letter_backlog/ppak").asInt()).isEqualTo(7);
    }

    @Test
    void importWritesTheInnergyIdsBackIntoTheCanonicalFile() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv");
        Path file = home.resolve("outbox/canonical/canonical_projects_2024-01-15.json");

        CommandRun live = hub("import-projects", "--canonical-file", file.toString(), "--live");

        assertThat(live.exitCode()).as(live.stderr()).isZero();
        JsonNode written = com.migrationhub.core.Json.mapper().readTree(file.toFile());
        assertThat(written).hasSize(6).allSatisfy(p -> assertThat(p.path("innergy_id").asText()).hasSize(36));
        assertThat(written.findValuesAsText("innergy_id")).containsExactlyInAnyOrderElementsOf(
                sandbox.data().projects().stream().map(p -> p.id()).toList());
        assertThat(hub("health-check", "--canonical-file", file.toString()).json().get("projects_without_innergy_id")).isEmpty();
    }

    @Test
    void refusedKeyStopsTheImportWithExitThree() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv");
        Files.writeString(home.resolve(".env"), "INNERGY_API_BASE_URL=" + sandbox.baseUrl() + "\nINNERGY_API_KEY=revoked-key\n");

        CommandRun live = hub("import-projects", "--live");

        assertThat(live.exitCode()).isEqualTo(3);
        assertThat(live.stderr()).contains("INNERGY_API_KEY").doesNotContain("revoked-key");
        assertThat(sandbox.requests()).hasSize(1);
    }

    @Test
    void withoutAKeyADryRunPlansOfflineAndNothingReachesInnergy() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv", "/samples/ppak/work_orders_2024-01-15.csv");
        Files.writeString(home.resolve(".env"), "INNERGY_API_BASE_URL=" + sandbox.baseUrl() + "\n");

        CommandRun dry = hub("import-projects");
        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        assertThat(dry.json().get("online").asBoolean()).isFalse();
        assertThat(dry.json().at("/projects/created").asInt()).isEqualTo(6);
        assertThat(dry.json().get("requests_planned").asInt()).isEqualTo(6 + 4);
        CommandRun sync = hub("sync-materials");
        assertThat(sync.exitCode()).isZero();
        assertThat(sync.json().at("/counts/new").asInt()).isEqualTo(6);
        assertThat(sandbox.requests()).isEmpty();

        CommandRun live = hub("import-projects", "--live");
        assertThat(live.exitCode()).isEqualTo(2);
        assertThat(live.stderr()).contains("INNERGY_API_KEY is not set");
    }

    @Test
    void healthCheckExitsThreeWhenInnergyIsUnreachable() throws Exception {
        etl("/samples/ppak/projects_2024-01-15.csv");
        sandbox.close();

        CommandRun health = hub("health-check");

        assertThat(health.exitCode()).isEqualTo(3);
        assertThat(health.stderr()).contains("cannot reach INNERGY");
    }

    @Test
    void aProjectFailingTheChecksIsDeadLetteredAndTheRestGoThroughWithinTheRateLimit() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            json.append(i == 0 ? "" : ",").append("{\"project_number\":\"RL-").append(i).append("\",\"name\":\"Rate ")
                    .append(i).append("\",\"customer\":").append(i == 7 ? "null" : "\"Customer " + i + "\"")
                    .append(",\"innergy_status\":\"Active\",\"sell_price\":1000}");
        }
        Path file = home.resolve("canonical_projects_2024-06-01.json");
        Files.writeString(file, json.append("]").toString());
        sandbox.rateLimit(10);

        CommandRun live = hub("import-projects", "--canonical-file", file.toString(), "--live");

        assertThat(live.exitCode()).isEqualTo(1);
        assertThat(live.json().at("/projects/created").asInt()).isEqualTo(29);
        assertThat(live.json().get("failures").toString()).contains("RL-7", "missing customer");
        assertThat(home.resolve("outbox/dead-letter/innergy/project_RL-7.json.reason.txt")).exists();
        assertThat(sandbox.data().projects()).hasSize(29);
        assertThat(sandbox.requests()).extracting(RecordedRequest::status).contains(429);
        assertThat(sandbox.requests()).filteredOn(r -> r.body() != null && r.body().contains("RL-7")).isEmpty();
    }
}
