package com.migrationhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.core.BatchLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A home's own route file written before beans were named after their class keeps working for one release:
 * the former names are aliases of the same objects (README, "Upgrading").
 */
class FormerBeanNamesTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak");
    }

    /** The shipped ppak route file with every renamed bean spelled the old way, placed in the home's routes/. */
    @Override
    protected Map<String, String> settingsOverrides() {
        try {
            String yaml = Files.readString(Path.of("routes/ppak.camel.yaml"));
            for (Map.Entry<String, String> e : HubServices.FORMER_NAMES.entrySet()) {
                yaml = yaml.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
            }
            Path routes = Files.createDirectories(home().resolve("routes"));
            Files.writeString(routes.resolve("ppak.camel.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of();
    }

    @Test
    void aHomeRouteFileUsingTheFormerNamesStillLoadsAnExport() throws Exception {
        String override = Files.readString(home().resolve("routes/ppak.camel.yaml"));
        assertThat(override).contains("ref: ppakBatches", "ref: ppakReplay", "ref: ppakExportReader",
                "value: ppakExportSelection", "value: ppakExportOrder").doesNotContain("exportBatches");

        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));

        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 10).stream()
                .anyMatch(b -> !BatchLedger.RUNNING.equals(b.status())));
        BatchLedger.Batch batch = services().ledger().recent("ppak", 10).get(0);
        assertThat(batch.source()).isEqualTo("projects_2024-01-15.csv");
        assertThat(List.of(batch.found(), batch.loaded(), batch.rejected())).containsExactly(10L, 6L, 4L);

        // the alias is the very object the new name is bound to, for every bean this route file's flow binds
        int checked = 0;
        for (Map.Entry<String, String> e : HubServices.FORMER_NAMES.entrySet()) {
            Object bean = context.getRegistry().lookupByName(e.getKey());
            if (bean != null) {
                assertThat(context.getRegistry().lookupByName(e.getValue())).as(e.getValue()).isSameAs(bean);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }
}
