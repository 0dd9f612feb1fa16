package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.migrationhub.HubTestSupport;
import com.migrationhub.cli.CommandRun;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With EXTRUDER_DB_URL on PostgreSQL the same routes load (through COPY), reject, verify and roll back the same lines. */
class ExtruderOnPostgresRouteTest extends HubTestSupport {

    private static final boolean POSTGRES = LocalPostgres.reachable();
    private String url;

    @Override
    protected List<String> routeFiles() {
        return List.of("extruder");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        if (!POSTGRES) {
            return Map.of();
        }
        url = LocalPostgres.freshSchemaUrl("extruder_it");
        return Map.of("hub.extruder.db.url", url, "hub.extruder.timezone", "UTC", "hub.extruder.chunk-size", "1000");
    }

    @AfterEach
    void dropSchema() {
        if (url != null) {
            LocalPostgres.dropSchemaOf(url);
        }
    }

    private List<BatchLedger.Batch> finished() {
        return services().ledger().recent("extruder", 100).stream().filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = services().extruder().db().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void logsLoadIntoPostgresAndVerify() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(POSTGRES, "PostgreSQL on 127.0.0.1:5432 is not reachable: test skipped");
        assertThat(services().extruder().db().isPostgres()).isTrue();
        Path logs = inbox("extruder").resolve("logs");
        for (String log : List.of("run_20251122_211642.csv", "run_20251122_211646.csv", "run_20251128_235800.csv", "run_20251201_183000.csv")) {
            drop("samples/extruder/logs/" + log, logs);
        }
        drop("extruder/logs/run_20251203_090000.csv", logs);
        await().atMost(Duration.ofSeconds(60)).until(() -> finished().size() == 5 && context.getInflightRepository().size("extruder-logs") == 0);

        assertThat(finished()).extracting(BatchLedger.Batch::source, BatchLedger.Batch::loaded, BatchLedger.Batch::rejected)
                .containsExactlyInAnyOrder(tuple("run_20251122_211642.csv", 0L, 0L), tuple("run_20251122_211646.csv", 266L, 0L),
                        tuple("run_20251128_235800.csv", 1200L, 0L), tuple("run_20251201_183000.csv", 4000L, 0L),
                        tuple("run_20251203_090000.csv", 4L, 2L));
        RunRecord v2 = services().extruder().runs().find("run_20251128_235800.csv");
        assertThat(scalar("SELECT (EXTRACT(EPOCH FROM recorded_at) * 1000)::bigint FROM run_samples WHERE run_id = " + v2.id()
                + " AND line = 481")).isEqualTo(Instant.parse("2025-11-29T00:00:00Z").toEpochMilli());
        // instants are timestamptz (V4): the dashboard's query works on the table as it is
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v2.id()
                + " AND recorded_at > TIMESTAMPTZ '2025-11-29T00:00:00Z' - interval '1 hour'")).isPositive();
        assertThat(scalar("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND ("
                + "(table_name = 'run_samples' AND column_name = 'recorded_at') OR (table_name = 'runs' AND column_name = 'started_at'))"
                + " AND data_type = 'timestamp with time zone'")).isEqualTo(2);
        RunRecord v3 = services().extruder().runs().find("run_20251201_183000.csv");
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v3.id() + " AND partial = 1")).isEqualTo(17);
        assertThat(scalar("SELECT COUNT(*) FROM run_samples WHERE run_id = " + v3.id() + " AND t1_feed IS NULL")).isEqualTo(13);
        assertThat(services().deadLetters().pending("extruder")).extracting(DeadLetter::line).containsExactly(4L, 6L);
        // the commands read the same home, told where the extruder database is as a user would tell them
        java.nio.file.Files.writeString(home().resolve("hub.properties"), "hub.extruder.db.url = " + url + "\n");
        CommandRun clean = CommandRun.of("extruder-verify", "--home", home().toString(), "--json");
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.json().path("runs").asInt()).isEqualTo(5);
        RollupCheck.assertAgreesWithSamples(services().extruder().db());

        try (Connection c = services().extruder().db().connection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM run_samples WHERE run_id = " + v3.id() + " AND line = 2000");
        }
        CommandRun verify = CommandRun.of("extruder-verify", "--home", home().toString(), "--json");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stdout()).contains("line 2000: in the log, not stored");

        long v3Batch = finished().stream().filter(b -> b.source().equals("run_20251201_183000.csv")).findFirst().orElseThrow().id();
        CommandRun rollback = CommandRun.of("rollback", "--batch", Long.toString(v3Batch), "--home", home().toString(), "--json");
        assertThat(rollback.exitCode()).as(rollback.stdout() + rollback.stderr()).isZero();
        assertThat(services().extruder().runs().find("run_20251201_183000.csv")).isNull();
        assertThat(scalar("SELECT COUNT(*) FROM run_samples")).isEqualTo(266 + 1200 + 4);
        RollupCheck.assertAgreesWithSamples(services().extruder().db());
    }
}
