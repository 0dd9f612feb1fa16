package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.cli.CommandRun;
import com.migrationhub.core.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as a separate JVM, as a user runs it: {@code ./hub run} killed with SIGKILL in the middle of a live run
 * and started again loses and doubles nothing; {@code ./hub extruder-ingest} streams a log several times larger
 * than its heap.
 */
class ExtruderProcessTest {

    private static final String LOG = "run_20251201_183000.csv";

    // kept when a test fails: the hub's output and logs are the evidence
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path home;

    private Process hub(String maxHeap, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                maxHeap, "-cp", System.getProperty("java.class.path"), "com.migrationhub.cli.HubMain"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("hub-" + System.nanoTime() + ".out").toFile()).start();
    }

    private long count(String sql) {
        if (!Files.exists(home.resolve("data/extruder.db"))) {
            return -1; // not created yet: opening it here would create an empty file under the hub
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/extruder.db") + "?busy_timeout=5000");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            System.err.println("count: " + e.getMessage());
            return -1; // the database or its tables are not there yet
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aServiceKilledMidRunResumesWithoutLosingOrDoublingALine() throws Exception {
        Path controller = home.resolve("controller");
        Files.writeString(home.resolve("hub.properties"), String.join("\n",
                "hub.extruder.live-dir = " + controller,
                "hub.extruder.live-poll-ms = 200",
                "hub.extruder.run-idle = 60s",
                "hub.extruder.timezone = UTC",
                "hub.extruder.chunk-size = 2000",
                "hub.http.port = " + freePort(), ""));
        Path log = GeneratedLog.create(controller, LOG);
        Process first = hub("-Xmx256m", "run", "--home", home.toString());
        GeneratedLog.append(log, 1, 2_000);
        await().atMost(Duration.ofSeconds(180)).until(() -> count("SELECT sample_count FROM runs") == 2_000);

        // a big flush, and the service killed while it is being loaded
        GeneratedLog.append(log, 2_001, 300_000);
        await().atMost(Duration.ofSeconds(180)).until(() -> count("SELECT sample_count FROM runs") > 2_000);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long atKill = count("SELECT sample_count FROM runs");
        assertThat(atKill).as("killed part-way through the block").isBetween(2_000L, 299_999L);

        // the controller goes on writing while the hub is down; the hub comes back and catches up
        GeneratedLog.append(log, 300_001, 301_000);
        Process second = hub("-Xmx256m", "run", "--home", home.toString());
        try {
            await().atMost(Duration.ofSeconds(240)).until(() -> count("SELECT sample_count FROM runs") == 301_000);
            GeneratedLog.append(log, 301_001, 301_240);
            await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT sample_count FROM runs") == 301_240);
            Files.setLastModifiedTime(log, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM runs WHERE status = 'complete'") == 1);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(count("SELECT COUNT(*) FROM run_samples")).isEqualTo(301_240);
        assertThat(count("SELECT COUNT(DISTINCT line) FROM run_samples")).isEqualTo(301_240);
        assertThat(count("SELECT MIN(line) FROM run_samples")).isEqualTo(2);
        assertThat(count("SELECT MAX(line) FROM run_samples")).isEqualTo(301_241);
        CommandRun verify = CommandRun.of("extruder-verify", "--home", home.toString(), "--json");
        assertThat(verify.exitCode()).as(verify.stdout()).isZero();
        // the killed process's batch is on record as abandoned with the samples it committed
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/hub.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, loaded FROM batches WHERE flow = 'extruder' ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("abandoned");
            long firstLoaded = rs.getLong(2);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("done");
            assertThat(firstLoaded + rs.getLong(2)).isEqualTo(301_240);
        }
    }

    @Test
    void aLogSeveralTimesLargerThanTheHeapStreamsThrough() throws Exception {
        Path drop = home.resolve("drop");
        Path log = GeneratedLog.write(drop.resolve("logs"), LOG, 1_000_000);
        long size = Files.size(log);
        Process ingest = hub("-Xmx40m", "extruder-ingest", "--home", home.resolve("hub").toString(), "--dir", drop.toString(), "--json");
        assertThat(ingest.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String out;
        try (var files = Files.list(home)) {
            out = Files.readString(files.filter(p -> p.getFileName().toString().endsWith(".out")).findFirst().orElseThrow());
        }
        assertThat(ingest.exitValue()).as(out).isZero();
        assertThat(size).as("the log is more than twice the 40 MB heap").isGreaterThan(2 * 40L * 1024 * 1024);
        JsonNode json = Json.mapper().readTree(out.substring(out.indexOf('{')));
        assertThat(json.path("totals").path("loaded").asLong()).isEqualTo(1_000_000);
        assertThat(json.path("totals").path("found").asLong()).isEqualTo(1_000_000);
        assertThat(log).as("a foreign folder is read, not emptied").exists();
    }
}
