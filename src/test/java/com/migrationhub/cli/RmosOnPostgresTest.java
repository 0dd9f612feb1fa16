package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import com.migrationhub.testing.LocalPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RMOS_DB_URL on the real PostgreSQL (a fresh schema): the same samples, the same outcome, the audit passes. */
class RmosOnPostgresTest {

    @TempDir
    Path home;

    @TempDir
    Path data;

    private String url;

    @BeforeEach
    void freshSchema() throws Exception {
        assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432 is not reachable: SKIPPED");
        url = LocalPostgres.freshSchemaUrl("rmos_test");
        Files.writeString(home.resolve("hub.properties"), "hub.rmos.db.url=" + url + System.lineSeparator());
        try (InputStream index = getClass().getResourceAsStream("/samples/index.txt")) {
            for (String sample : new String(index.readAllBytes()).lines().map(String::strip).toList()) {
                if (sample.startsWith("rmos/")) {
                    Path target = data.resolve(sample.substring("rmos/".length()));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = getClass().getResourceAsStream("/samples/" + sample)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    @AfterEach
    void dropSchema() {
        if (url != null) {
            LocalPostgres.dropSchemaOf(url);
        }
    }

    @Test
    void samplesMigrateSkipOnTheSecondRunAndPassTheAudit() {
        JsonNode first = CommandRun.of("rmos-migrate", "--home", home.toString(), "--data-dir", data.toString(), "--json").json();
        assertThat(first.at("/totals/found").asLong()).isEqualTo(14);
        assertThat(first.at("/totals/migrated").asLong()).isEqualTo(8);
        assertThat(first.at("/totals/failed").asLong()).isEqualTo(6);
        JsonNode again = CommandRun.of("rmos-migrate", "--home", home.toString(), "--data-dir", data.toString(), "--json").json();
        assertThat(again.at("/totals/skipped").asLong()).isEqualTo(8);
        assertThat(again.at("/totals/migrated").asLong()).isZero();

        CommandRun audit = CommandRun.of("rmos-audit", "--home", home.toString(), "--json");
        assertThat(audit.exitCode()).as(audit.stdout()).isEqualTo(ExitCodes.CLEAN);
        assertThat(audit.json().at("/rows/patterns").asInt()).isEqualTo(4);
        assertThat(audit.json().get("database").asText()).startsWith("jdbc:postgresql:");
    }

    @Test
    void aBatchThatOverwroteRowsRollsBackToTheRowsBefore() throws Exception {
        assertThat(CommandRun.of("rmos-migrate", "--home", home.toString(), "--data-dir", data.toString(), "--json").exitCode())
                .isEqualTo(ExitCodes.REJECTS);
        Path maple = data.resolve("strip_families/maple-bw.json");
        Files.writeString(maple, Files.readString(maple).replace("\"strip_width_mm\": 1.5", "\"strip_width_mm\": 1.75"));
        JsonNode update = CommandRun.of("rmos-migrate", "--home", home.toString(), "--data-dir", data.toString(), "--json").json();
        assertThat(update.at("/totals/migrated").asLong()).as(update.toString()).isEqualTo(1);
        assertThat(width()).isEqualTo(1.75);

        long latest;
        try (HubServices services = HubServices.open(HubSettings.of(home, java.util.Map.of()))) {
            latest = services.ledger().recent("rmos", 100).stream().filter(b -> b.loaded() > 0).mapToLong(b -> b.id()).max().orElseThrow();
        }
        CommandRun rollback = CommandRun.of("rollback", "--batch", Long.toString(latest), "--home", home.toString(), "--json");
        assertThat(rollback.exitCode()).as(rollback.stderr()).isEqualTo(ExitCodes.CLEAN);
        assertThat(rollback.json().at("/restored/strip_families").asLong()).isEqualTo(1);
        assertThat(width()).isEqualTo(1.5);
        assertThat(CommandRun.of("rmos-audit", "--home", home.toString(), "--json").exitCode()).isEqualTo(ExitCodes.CLEAN);
    }

    private double width() throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT strip_width_mm FROM strip_families WHERE id = 'fam-maple-bw'")) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
