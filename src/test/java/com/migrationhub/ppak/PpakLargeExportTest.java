package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import com.migrationhub.testing.LargeInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large exports through {@code ./hub ppak-etl} in a separate JVM, as a user runs it: 200,000 rows in a
 * 128 MB heap, and a run killed with SIGKILL mid-file that, once restarted, neither loses nor doubles rows.
 */
class PpakLargeExportTest {

    @TempDir
    Path home;

    private Process hub(String maxHeap, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                maxHeap, "-cp", System.getProperty("java.class.path"), "com.migrationhub.cli.HubMain"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(home.resolve("stderr.txt").toFile())
                .redirectOutput(home.resolve("stdout-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private static JsonNode lastJson(Path home) throws IOException {
        try (var files = Files.list(home)) {
            Path newest = files.filter(p -> p.getFileName().toString().startsWith("stdout-")).sorted().reduce((a, b) -> b).orElseThrow();
            return Json.mapper().readTree(newest.toFile());
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/hub.db") + "?busy_timeout=10000");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the database is still being created by the child process
        }
    }

    @Test
    void twoHundredThousandRowsInA128MegabyteHeap() throws Exception {
        Path exports = Files.createDirectories(home.resolve("exports"));
        LargeInputs.projects(exports.resolve("projects_2024-06-01.csv"), 200_000, 50_000);
        Process p = hub("-Xmx128m", "ppak-etl", "--home", home.toString(), "--ppak-export-dir", exports.toString(), "--json");
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(home.resolve("stderr.txt"))).isEqualTo(1);
        JsonNode result = lastJson(home);
        assertThat(result.at("/totals/found").asLong()).isEqualTo(200_000);
        assertThat(result.at("/totals/loaded").asLong()).isEqualTo(199_996);
        assertThat(result.at("/totals/rejected").asLong()).isEqualTo(4);
        assertThat(Files.readString(home.resolve("stderr.txt"))).doesNotContain("OutOfMemoryError");
        assertThat(Files.size(home.resolve("outbox/canonical/canonical_projects_2024-06-01.json"))).isGreaterThan(50_000_000L);
    }

    @Test
    void aRunKilledMidFileResumesWithoutLosingOrDoublingRows() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox/ppak"));
        LargeInputs.projects(inbox.resolve("projects_2024-07-01.csv"), 150_000, 10_000);
        Process first = hub("-Xmx256m", "ppak-etl", "--home", home.toString(), "--json");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> count("SELECT COUNT(*) FROM canonical_projects") > 20_000 || !first.isAlive());
        assertThat(first.isAlive()).as("the first run must still be mid-file when it is killed").isTrue();
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
        long loadedBeforeKill = count("SELECT COUNT(*) FROM canonical_projects");
        assertThat(loadedBeforeKill).isBetween(1L, 149_999L);
        assertThat(inbox.resolve("projects_2024-07-01.csv")).exists();

        Process second = hub("-Xmx256m", "ppak-etl", "--home", home.toString(), "--json");
        assertThat(second.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        JsonNode result = lastJson(home);
        assertThat(result.at("/totals/found").asLong()).isEqualTo(150_000);
        assertThat(result.at("/totals/rejected").asLong()).isEqualTo(15);
        assertThat(result.at("/totals/loaded").asLong() + result.at("/totals/skipped").asLong()).isEqualTo(149_985);
        assertThat(count("SELECT COUNT(*) FROM canonical_projects")).isEqualTo(149_985);
        // The crashed run's dead letters were replaced, not doubled; its batch is marked abandoned.
        assertThat(count("SELECT COUNT(*) FROM dead_letters WHERE replayed IS NULL")).isEqualTo(15);
        assertThat(count("SELECT COUNT(*) FROM batches WHERE status = 'abandoned'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM batches WHERE status = 'done'")).isEqualTo(1);
    }
}
