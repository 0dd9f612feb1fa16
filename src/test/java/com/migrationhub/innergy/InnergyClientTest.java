package com.migrationhub.innergy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.migrationhub.innergy.api.Address;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.Money;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.innergy.api.ProjectInput;
import com.migrationhub.innergy.api.WorkOrder;
import com.migrationhub.innergy.api.WorkOrderInput;
import com.migrationhub.innergy.sandbox.FaultRule;
import com.migrationhub.innergy.sandbox.RecordedRequest;
import com.migrationhub.innergy.sandbox.SandboxData;
import com.migrationhub.innergy.sandbox.SandboxTraps;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The INNERGY client (route direct:innergy-call + Camel's error handler) against the real sandbox, one behaviour per test. */
class InnergyClientTest {

    @TempDir
    Path home;

    SandboxRig rig;
    InnergyClient client;

    @BeforeEach
    void start() {
        rig = new SandboxRig(home);
        client = rig.client();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    static ProjectInput project(String externalId, String name) {
        return new ProjectInput(null, name, externalId, "Harbor View Development LLC", "Active", "Fabrication",
                new Address("1200 Alaskan Way", null, "Seattle", "WA", "98101", "US"), LocalDate.of(2024, 4, 30),
                LocalDate.of(2024, 5, 30), Money.usd(new BigDecimal("182450.00")), "slab doors", List.of("ppak"));
    }

    static Material material(String sku) {
        return new Material(null, sku, "Material " + sku, "desc", "panels", "melamine", "sheet", "sheet",
                Money.usd(new BigDecimal("42.10")), "Roseburg", "P-" + sku, 7, BigDecimal.TEN, null, "ext-" + sku, null, null);
    }

    @Test
    void typedRecordsRoundTripWithBothExternalIdNamesAndBothTimestampForms() {
        Project created = client.createProjects(List.of(project("ppak:J-24-1001", "Harbor View Condos"))).get(0);
        WorkOrder wo = client.createWorkOrders(created.number(), List.of(new WorkOrderInput(null, "Units 2-8 base cabinets",
                "Production", "Open", "ppak:WO-1001-01", LocalDate.of(2024, 1, 15), null, LocalDate.of(2024, 2, 20),
                new BigDecimal("120"), Money.usd(new BigDecimal("61000"))))).get(0);
        Material m = client.createMaterials(List.of(material("CAB-DOOR-001"))).get(0);

        Project read = client.project(created.id());
        assertThat(read.externalId()).isEqualTo("ppak:J-24-1001");
        assertThat(read.customer().name()).isEqualTo("Harbor View Development LLC");
        assertThat(read.firstDelivery()).isEqualTo(LocalDate.of(2024, 4, 30));
        assertThat(read.totalContract().value()).isEqualByComparingTo("182450.00");
        // the sandbox sends CreatedOn with "Z" and ModifiedOn without a zone, as the real API mixes both
        assertThat(read.createdOn()).isNotNull();
        assertThat(read.modifiedOn()).isEqualTo(read.createdOn());
        assertThat(client.workOrders(created.number()).items()).extracting(WorkOrder::externalIdentifier)
                .containsExactly(wo.externalIdentifier());
        assertThat(client.materials(null)).singleElement().satisfies(x -> {
            assertThat(x.externalIdentifier()).isEqualTo("ext-CAB-DOOR-001");
            assertThat(x.baseUoM()).isEqualTo("sheet");
            assertThat(x.status()).isEqualTo(Material.ACTIVE);
        });
        assertThat(client.deactivateMaterial(m.id()).status()).isEqualTo(Material.INACTIVE);
        assertThat(client.materials(Material.ACTIVE)).isEmpty();
    }

    @Test
    void pagedListIsReadToTheEndAcross1234Materials() {
        List<Material> seed = IntStream.range(0, 1234).mapToObj(i -> material(String.format("SKU-%05d", i))).toList();
        rig.sandbox.seed(new SandboxData(null, null, seed));

        List<Material> all = client.materials(null);

        assertThat(all).hasSize(1234);
        assertThat(all.stream().map(Material::sku).distinct()).hasSize(1234);
        assertThat(rig.sandbox.requests()).extracting(RecordedRequest::query)
                .containsExactly("skip=0&take=500", "skip=500&take=500", "skip=1000&take=500");
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void transientStatusIsRedeliveredUntilItSucceeds(int status) {
        rig.sandbox.addFaults(FaultRule.status("POST", "/api/projects/create", status, 2, null));

        List<Project> created = client.createProjects(List.of(project("ppak:1", "One")));

        assertThat(created).hasSize(1);
        assertThat(rig.calls("POST", "/api/projects/create")).isEqualTo(3);
        assertThat(rig.sandbox.data().projects()).hasSize(1);
    }

    @Test
    void transientStormStopsAtTheBoundOfTheRedeliveryPolicy() {
        rig.sandbox.addFaults(FaultRule.status("GET", "/api/version", 503, -1, null));

        assertThatThrownBy(client::version).isInstanceOf(InnergyUnavailableException.class)
                .hasMessageContaining("503").hasMessageContaining((SandboxRig.MAX_REDELIVERIES + 1) + " attempt");
        assertThat(rig.calls("GET", "/api/version")).isEqualTo(SandboxRig.MAX_REDELIVERIES + 1);
    }

    @Test
    void connectionDroppedBeforeTheWriteIsRedeliveredAndCreatesOnce() {
        rig.sandbox.addFaults(FaultRule.drop("POST", "/api/materials/create", FaultRule.DROP_BEFORE, 1));

        client.createMaterials(List.of(material("CAB-HW-123")));

        assertThat(rig.calls("POST", "/api/materials/create")).isEqualTo(2);
        assertThat(rig.sandbox.data().materials()).hasSize(1);
    }

    @Test
    void connectionDroppedAfterTheWriteIsRedeliveredAndInnergyRefusesTheDuplicate() {
        rig.sandbox.addFaults(FaultRule.drop("POST", "/api/projects/create", FaultRule.DROP_AFTER, 1));

        // the redelivered create meets the one already applied: 400, never a second project
        assertThatThrownBy(() -> client.createProjects(List.of(project("ppak:dup", "Dup"))))
                .isInstanceOf(InnergyRejectedException.class).hasMessageContaining("ExternalId 'ppak:dup' already exists");
        assertThat(rig.sandbox.requests()).extracting(RecordedRequest::dropped, RecordedRequest::applied, RecordedRequest::status)
                .containsExactly(tuple(true, true, 0),
                        tuple(false, false, 400));
        assertThat(rig.sandbox.data().projects()).hasSize(1);
    }

    @Test
    void timeoutIsRedelivered() {
        rig.sandbox.addFaults(FaultRule.delay("GET", "/api/projects", 3000, 1));

        assertThat(client.projects()).isEmpty();

        assertThat(rig.calls("GET", "/api/projects")).isEqualTo(2);
    }

    @Test
    void rateLimitStormWaitsWhatRetryAfterSaysThenSucceeds() {
        rig.sandbox.addFaults(FaultRule.status("GET", "/api/materials", 429, 2, 1));
        long started = System.nanoTime();

        assertThat(client.materials(null)).isEmpty();

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        List<RecordedRequest> calls = rig.sandbox.requests();
        assertThat(calls).extracting(RecordedRequest::status).containsExactly(429, 429, 200);
        assertThat(calls.size()).isLessThanOrEqualTo(SandboxRig.MAX_REDELIVERIES + 1);
        // each redelivery came at least a second after the 429 that asked for it
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(java.time.Instant.parse(calls.get(i - 1).time()),
                    java.time.Instant.parse(calls.get(i).time()))).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        }
    }

    @Test
    void sandboxRateLimitPerKeyIsHonoured() {
        rig.sandbox.rateLimit(5);
        List<Project> created = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            created.addAll(client.createProjects(List.of(project("ppak:r" + i, "R" + i))));
        }
        assertThat(created).hasSize(8);
        assertThat(rig.sandbox.requests()).extracting(RecordedRequest::status).contains(429);
        assertThat(rig.sandbox.data().projects()).hasSize(8);
    }

    @Test
    void badRequestIsNeverRedelivered() {
        ProjectInput noName = new ProjectInput(null, null, "ppak:x", null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> client.createProjects(List.of(noName))).isInstanceOfSatisfying(InnergyRejectedException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.messages()).contains("Item 0: Name is required", "Item 0: CustomerName is required");
                    assertThat(e.correlationId()).isNotBlank();
                });
        assertThat(rig.calls("POST", "/api/projects/create")).isEqualTo(1);
    }

    @Test
    void notFoundIsNeverRedelivered() {
        assertThatThrownBy(() -> client.project("9b2f1c7e-0000-4000-8000-000000000000"))
                .isInstanceOfSatisfying(InnergyRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> client.project("not-a-uuid"))
                .isInstanceOfSatisfying(InnergyRejectedException.class, e -> assertThat(e.messages()).containsExactly("Invalid Id"));
        assertThat(rig.sandbox.requests()).hasSize(2);
    }

    @Test
    void refusedKeyStopsEveryFurtherCallAtOnce(@TempDir Path otherHome) {
        try (SandboxRig wrongKey = new SandboxRig(otherHome, Map.of("hub.innergy.api-key", "not-the-key"), 0)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> wrongKey.client().projects()).isInstanceOf(InnergyRefusedException.class)
                    .hasMessageContaining("INNERGY_API_KEY").hasMessageContaining("401");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThatThrownBy(() -> wrongKey.client().materials(null)).isInstanceOf(InnergyRefusedException.class);
            assertThat(wrongKey.sandbox.requests()).hasSize(1);
        }
    }

    @Test
    void readOnlyKeyGets403OnWritesAndStops(@TempDir Path otherHome) {
        try (SandboxRig readOnly = new SandboxRig(otherHome, Map.of("hub.innergy.api-key", SandboxRig.READ_ONLY_KEY), 0)) {
            assertThat(readOnly.client().projects()).isEmpty();
            assertThatThrownBy(() -> readOnly.client().createProjects(List.of(project("ppak:ro", "RO"))))
                    .isInstanceOfSatisfying(InnergyRefusedException.class, e -> assertThat(e.status()).isEqualTo(403))
                    .hasMessageContaining("INNERGY_API_KEY");
            assertThat(readOnly.sandbox.requests()).extracting(RecordedRequest::status).containsExactly(200, 403);
        }
    }

    @Test
    void htmlPageInsteadOfAnErrorIsAnErrorNotAnEmptyList(@TempDir Path otherHome) {
        try (SandboxRig wrongKey = new SandboxRig(otherHome, Map.of("hub.innergy.api-key", "not-the-key"), 0)) {
            wrongKey.sandbox.traps(new SandboxTraps(true, null));

            assertThatThrownBy(() -> wrongKey.client().projects()).isInstanceOf(InnergyProtocolException.class)
                    .hasMessageContaining("text/html").hasMessageContaining("instead of JSON");
            assertThat(wrongKey.sandbox.requests()).extracting(RecordedRequest::status).containsExactly(200);
        }
    }

    @Test
    void htmlPageForAnUnknownRouteIsAnError() {
        rig.sandbox.traps(new SandboxTraps(true, null));

        assertThatThrownBy(() -> client.call(InnergyRequest.get("/api/no-such-route", null)))
                .isInstanceOf(InnergyProtocolException.class);
    }

    @Test
    void listAnsweredWithARedirectToAGzipFileIsFollowed() {
        List<Material> seed = IntStream.range(0, 620).mapToObj(i -> material("GZ-" + i)).toList();
        rig.sandbox.seed(new SandboxData(null, null, seed));
        rig.sandbox.traps(new SandboxTraps(null, true));

        List<Material> all = client.materials(null);

        assertThat(all).hasSize(620);
        assertThat(rig.sandbox.requests()).extracting(RecordedRequest::status)
                .containsExactly(302, 200, 302, 200);
        assertThat(rig.sandbox.requests()).filteredOn(r -> r.path().startsWith("/__files/")).hasSize(2);
    }
}
