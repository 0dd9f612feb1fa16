package com.migrationhub.innergy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quartz route runs the material sync on hub.materials.sync.cron inside the service, in the configured mode. */
class MaterialSyncScheduleTest {

    @TempDir
    Path home;

    @Test
    void scheduledSyncRunsLiveWhenTheModeIsLive() {
        try (SandboxRig rig = new SandboxRig(home, Map.of("hub.materials.sync.cron", "0/1 * * * * ?",
                "hub.innergy.mode", "live"), 0)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> rig.sandbox.data().materials().size() == 6);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (var files = Files.list(home.resolve("outbox/reports"))) {
                    return files.anyMatch(f -> f.getFileName().toString().startsWith("material_sync_"));
                }
            });
        }
    }

    @Test
    void scheduledSyncOnlyPlansInDryRun(@TempDir Path other) {
        try (SandboxRig rig = new SandboxRig(other, Map.of("hub.materials.sync.cron", "0/1 * * * * ?"), 0)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try (var files = Files.list(other.resolve("outbox/innergy"))) {
                    return files.anyMatch(f -> f.getFileName().toString().startsWith("plan_"));
                }
            });
            assertThat(rig.sandbox.requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
            assertThat(rig.sandbox.data().materials()).isEmpty();
        }
    }
}
