package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import com.migrationhub.testing.LocalPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hub rollback --batch N} as the automation agent drives it, on SQLite and on PostgreSQL. */
class RollbackCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path exports;

    private String dbUrl;
    private String postgresUrl;

    @AfterEach
    void dropSchema() {
        if (postgresUrl != null) {
            LocalPostgres.dropSchemaOf(postgresUrl);
        }
    }

    @Test
    void aBatchGoesAndTheVersionsItOverwroteComeBackOnSqlite() throws Exception {
        dbUrl = "jdbc:sqlite:" + home.resolve("data/hub.db");
        rollsBackExactlyWhatEachBatchLoaded();
    }

    @Test
    void aBatchGoesAndTheVersionsItOverwroteComeBackOnPostgres() throws Exception {
        Assumptions.assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432 is not reachable: test skipped");
        postgresUrl = LocalPostgres.freshSchemaUrl("hub_rollback");
        dbUrl = postgresUrl;
        Files.writeString(home.resolve("hub.properties"), "hub.db.url=" + postgresUrl + "\n");
        rollsBackExactlyWhatEachBatchLoaded();
    }

    private void rollsBackExactlyWhatEachBatchLoaded() throws Exception {
        long first = etl("projects_2024-01-15.csv");
        String before = payloadOf("J-24-1002");
        long second = etl("projects_2024-02-01.csv");
        assertThat(Json.mapper().readTree(payloadOf("J-24-1002")).get("status").asText()).isEqualTo("in_progress");

        // The later export overwrote 1002: undoing the first one now would leave the store inconsistent.
        CommandRun refused = rollback(first);
        assertThat(refused.exitCode()).as(refused.stdout()).isEqualTo(1);
        assertThat(refused.json().get("reason").asText()).contains("batch " + second + " has since loaded over 1 of its rows");
        assertThat(count("canonical_projects")).isEqualTo(7);

        // A batch loaded before the hub kept overwritten versions cannot put them back: refused, nothing changes.
        String kept = query("SELECT payload FROM canonical_history WHERE natural_key = 'J-24-1002'");
        execute("DELETE FROM canonical_history");
        CommandRun unkept = rollback(second);
        assertThat(unkept.exitCode()).isEqualTo(1);
        assertThat(unkept.json().get("reason").asText()).contains("it updated 1 rows before the hub kept the versions it overwrote");
        assertThat(count("canonical_projects")).isEqualTo(7);
        execute("INSERT INTO canonical_history (table_name, natural_key, reference_key, payload, source_file, source_line, "
                + "content_hash, batch_id, updated, superseded_by) SELECT 'canonical_projects', natural_key, ppak_job_id, ?, "
                + "'projects_2024-01-15.csv', 3, 'h', " + first + ", 'then', " + second + " FROM canonical_projects "
                + "WHERE natural_key = 'J-24-1002'", kept);

        CommandRun undoSecond = rollback(second);
        assertThat(undoSecond.exitCode()).as(undoSecond.stderr()).isZero();
        assertThat(undoSecond.json().at("/removed/canonical_projects").asLong()).isEqualTo(1);
        assertThat(undoSecond.json().at("/restored/canonical_projects").asLong()).isEqualTo(1);
        assertThat(payloadOf("J-24-1002")).isEqualTo(before);
        assertThat(payloadOf("J-24-1010")).isNull();
        assertThat(count("canonical_projects")).isEqualTo(6);

        // 1002 was imported into INNERGY meanwhile: its link outlives the rollback, and a reload keeps it.
        execute("INSERT INTO innergy_links (entity, natural_key, innergy_id, pushed_hash, pushed_at) "
                + "VALUES ('project', 'J-24-1002', 'INN-1002', 'x', 'now')");
        execute("UPDATE canonical_projects SET innergy_id = 'INN-1002' WHERE natural_key = 'J-24-1002'");
        CommandRun undoFirst = rollback(first);
        assertThat(undoFirst.exitCode()).as(undoFirst.stderr()).isZero();
        assertThat(undoFirst.json().at("/removed/canonical_projects").asLong()).isEqualTo(6);
        assertThat(undoFirst.json().get("warnings").toString()).contains("1 removed rows had been imported into INNERGY");
        assertThat(undoFirst.json().get("dead_letters_removed").asLong()).isEqualTo(4);
        assertThat(count("canonical_projects")).isZero();
        assertThat(count("canonical_history")).isZero();
        assertThat(deadLetters()).isZero();
        assertThat(status(first)).isEqualTo("rolled_back");
        JsonNode summary = Json.mapper().readTree(home.resolve("outbox/reports/migration_summary_2024-01-15.json").toFile());
        assertThat(summary.at("/files/0/status").asText()).isEqualTo("rolled_back");
        assertThat(summary.at("/totals/loaded").asLong()).isZero();

        // The same file loads again (its content is no longer a processed file), and its rejects are not doubled.
        Files.delete(exports.resolve("projects_2024-01-15.csv"));
        Files.delete(exports.resolve("projects_2024-02-01.csv"));
        long again = etl("projects_2024-01-15.csv");
        assertThat(again).isGreaterThan(second);
        assertThat(count("canonical_projects")).isEqualTo(6);
        assertThat(deadLetters()).isEqualTo(4);
        assertThat(payloadOf("J-24-1002")).isEqualTo(before);
        assertThat(query("SELECT innergy_id FROM canonical_projects WHERE natural_key = 'J-24-1002'")).isEqualTo("INN-1002");
        assertThat(home.resolve("outbox/canonical/canonical_projects_2024-01-15.json")).content()
                .contains("\"innergy_id\" : \"INN-1002\"");

        CommandRun twice = rollback(second);
        assertThat(twice.exitCode()).isZero();
        assertThat(twice.json().get("reason").asText()).isEqualTo("already rolled back");
        assertThat(count("canonical_projects")).isEqualTo(6);

        CommandRun unknown = rollback(9_999);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("there is no batch 9999");

        // A batch its process left running is rolled back only when the operator says that process is gone.
        execute("UPDATE batches SET status = 'running' WHERE id = " + again);
        assertThat(rollback(again).exitCode()).isEqualTo(2);
        CommandRun forced = CommandRun.of("rollback", "--batch", Long.toString(again), "--force", "--home", home.toString(), "--json");
        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        assertThat(count("canonical_projects")).isZero();
    }

    @Test
    void aLaterExportThatSkippedIdenticalRowsHoldsTheBatchThatLoadedThem() throws Exception {
        dbUrl = "jdbc:sqlite:" + home.resolve("data/hub.db");
        long first = etl("projects_2024-01-15.csv");
        // The same export again, plus one project: a new file whose six valid rows are already stored.
        String text = new String(getClass().getResourceAsStream("/samples/ppak/projects_2024-01-15.csv").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(exports.resolve("projects_2024-01-16.csv"), text.replaceAll("[\r\n]+$", "")
                + "\r\n1020,J-24-1020,New Job,Residential,Approved,Design,Someone,Some One,s@example.com,555-0100,"
                + "1 Main St,Tacoma,WA,98403,2024-02-01,03/15/2024,\"1,000\",0,\r\n");
        CommandRun run = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        JsonNode later = null;
        for (JsonNode file : run.json().get("files")) {
            if (file.get("source").asText().equals("projects_2024-01-16.csv")) {
                later = file;
            }
        }
        assertThat(later).as(run.stdout()).isNotNull();
        assertThat(later.get("skipped").asLong()).isEqualTo(6);
        assertThat(later.get("loaded").asLong()).isEqualTo(1);

        CommandRun refused = rollback(first);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.json().get("reason").asText())
                .contains("batch " + later.get("id").asLong() + " skipped 6 rows as already stored: roll those back first");
        assertThat(rollback(later.get("id").asLong()).exitCode()).isZero();
        assertThat(count("canonical_projects")).isEqualTo(6);
        assertThat(rollback(first).exitCode()).isZero();
        assertThat(count("canonical_projects")).isZero();
    }

    @Test
    void workOrdersOfALaterBatchHoldTheirProjectsAndAReplayedRowWaitsAgain() throws Exception {
        dbUrl = "jdbc:sqlite:" + home.resolve("data/hub.db");
        long projects = etl("projects_2024-01-15.csv");
        long workOrders = etl("work_orders_2024-01-15.csv");
        assertThat(count("canonical_work_orders")).isEqualTo(4);

        CommandRun refused = rollback(projects);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.json().get("reason").asText())
                .contains("4 work orders of batch " + workOrders + " belong to projects only it loaded");

        // 1004 is loaded by a replay once its status is mapped; rolling the replay back puts the dead letter back.
        Files.writeString(home.resolve("mappings/status_mapping.csv"), "In Review,in_progress,Active,...\n", StandardOpenOption.APPEND);
        CommandRun replay = CommandRun.of("dead-letter", "replay", "--flow", "ppak", "--all", "--home", home.toString(), "--json");
        JsonNode loaded = null;
        for (JsonNode r : replay.json().get("results")) {
            if ("loaded".equals(r.get("result").asText())) {
                loaded = r;
            }
        }
        assertThat(loaded).as(replay.stdout()).isNotNull();
        assertThat(payloadOf("J-24-1004")).isNotNull();
        long waiting = deadLetters();

        CommandRun undoReplay = rollback(loaded.get("batch_id").asLong());
        assertThat(undoReplay.exitCode()).as(undoReplay.stderr()).isZero();
        assertThat(undoReplay.json().get("dead_letters_reopened").asLong()).isEqualTo(1);
        assertThat(payloadOf("J-24-1004")).isNull();
        assertThat(deadLetters()).isEqualTo(waiting + 1);

        assertThat(rollback(workOrders).exitCode()).isZero();
        assertThat(count("canonical_work_orders")).isZero();
        assertThat(rollback(projects).exitCode()).isZero();
        assertThat(count("canonical_projects")).isZero();
    }

    /** Runs ppak-etl over the export folder with one more sample in it; returns the new batch's id. */
    private long etl(String sample) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/ppak/" + sample)) {
            Files.copy(in, exports.resolve(sample));
        }
        CommandRun run = CommandRun.of("ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isIn(0, 1);
        long newest = 0;
        for (JsonNode file : run.json().get("files")) {
            if (file.get("source").asText().equals(sample)) {
                newest = Math.max(newest, file.get("id").asLong());
            }
        }
        assertThat(newest).as(run.stdout()).isPositive();
        return newest;
    }

    private CommandRun rollback(long batch) {
        return CommandRun.of("rollback", "--batch", Long.toString(batch), "--home", home.toString(), "--json");
    }

    private String payloadOf(String key) throws SQLException {
        return query("SELECT payload FROM canonical_projects WHERE natural_key = ?", key);
    }

    private long count(String table) throws SQLException {
        return Long.parseLong(query("SELECT COUNT(*) FROM " + table));
    }

    private long deadLetters() throws SQLException {
        return Long.parseLong(query("SELECT COUNT(*) FROM dead_letters WHERE replayed IS NULL"));
    }

    private String status(long batch) throws SQLException {
        return query("SELECT status FROM batches WHERE id = ?", batch);
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private String query(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
