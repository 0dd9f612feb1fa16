package com.migrationhub.innergy;

import static org.assertj.core.api.Assertions.assertThat;

import com.migrationhub.HubTestSupport;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.sandbox.FaultRule;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.RecordedRequest;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The INNERGY routes under camel-test-main, the way the other flows are tested: the route file from
 * routes/, the beans ./hub binds, the sandbox on a free port. The material-sync route runs with its
 * dryRun header overriding hub.innergy.mode, as an HTTP job endpoint would call it.
 */
class InnergyRouteTest extends HubTestSupport {

    static final InnergySandbox SANDBOX = InnergySandbox.start(new SandboxOptions(0, Map.of("route-test-key", true), 0, 0,
            null, InnergyPaths.from(HubSettings.of(Path.of("."), Map.of()))));

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Override
    protected List<String> routeFiles() {
        return List.of("innergy");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.innergy.base-url", SANDBOX.baseUrl(), "hub.innergy.api-key", "route-test-key",
                "hub.innergy.retry.initial-delay-ms", "10", "hub.materials.sync.autostart", "false");
    }

    @Test
    void materialSyncRouteHonoursTheDryRunHeader() {
        SANDBOX.reset();
        SANDBOX.addFaults(FaultRule.status("GET", "/api/materials", 503, 1, null));

        @SuppressWarnings("unchecked")
        Map<String, Object> dry = template.requestBodyAndHeader("direct:innergy-material-sync", null, "dryRun", "true", Map.class);
        assertThat(dry.get("mode")).isEqualTo("dry-run");
        assertThat(SANDBOX.data().materials()).isEmpty();

        @SuppressWarnings("unchecked")
        Map<String, Object> live = template.requestBodyAndHeader("direct:innergy-material-sync", null, "dryRun", "false", Map.class);
        assertThat(live.get("mode")).isEqualTo("live");
        assertThat(SANDBOX.data().materials()).extracting(Material::sku).hasSize(6).contains("CAB-DOOR-001");
        assertThat(SANDBOX.requests()).extracting(RecordedRequest::status).startsWith(503, 200);
    }
}
