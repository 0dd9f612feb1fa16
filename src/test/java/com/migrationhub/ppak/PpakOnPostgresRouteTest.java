package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.migrationhub.HubTestSupport;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.testing.LocalPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** With HUB_DB_URL on PostgreSQL the same routes load, reject, update and skip the same rows. */
class PpakOnPostgresRouteTest extends HubTestSupport {

    private static final boolean POSTGRES = LocalPostgres.reachable();
    private String url;

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        if (!POSTGRES) {
            return Map.of();
        }
        url = LocalPostgres.freshSchemaUrl("hub_it");
        return Map.of("hub.db.url", url);
    }

    @AfterEach
    void dropSchema() {
        if (url != null) {
            LocalPostgres.dropSchemaOf(url);
        }
    }

    @Test
    void samplesLoadIntoPostgres() throws Exception {
        Assumptions.assumeTrue(POSTGRES, "PostgreSQL on 127.0.0.1:5432 is not reachable: test skipped");
        assertThat(services().hubDb().isPostgres()).isTrue();
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"));
        drop("samples/ppak/materials_2024-01-15.csv", inbox("ppak"));
        drop("samples/ppak/work_orders_2024-01-15.csv", inbox("ppak"));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getInflightRepository().size("ppak-inbox") == 0 && done().size() == 3);
        drop("samples/ppak/projects_2024-02-01.csv", inbox("ppak"));
        drop("samples/ppak/projects_2024-01-15.csv", inbox("ppak"), "projects_2024-01-15.again.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getInflightRepository().size("ppak-inbox") == 0 && done().size() == 5);

        List<BatchLedger.Batch> batches = done();
        assertThat(batches).extracting(BatchLedger.Batch::source, BatchLedger.Batch::loaded, BatchLedger.Batch::rejected,
                        BatchLedger.Batch::skipped)
                .contains(tuple("projects_2024-01-15.csv", 6L, 4L, 0L),
                        tuple("materials_2024-01-15.csv", 7L, 2L, 0L),
                        tuple("work_orders_2024-01-15.csv", 4L, 1L, 0L),
                        tuple("projects_2024-02-01.csv", 2L, 0L, 0L),
                        tuple("projects_2024-01-15.again.csv", 0L, 0L, 10L));
        assertThat(services().ppak().store().find(ExportKind.PROJECTS, "J-24-1002").get("status").asText())
                .isEqualTo("in_progress");
        assertThat(services().ppak().store().count(ExportKind.PROJECTS)).isEqualTo(7);
        assertThat(services().deadLetters().pending("ppak")).hasSize(7);
        assertThat(outbox().resolve("canonical/canonical_projects_2024-02-01.json")).exists();
    }

    private List<BatchLedger.Batch> done() {
        return services().ledger().recent("ppak", 100).stream().filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
    }
}
