package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.cli.CommandRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hub run} as a separate JVM tailing four controller logs, killed with SIGKILL in the middle of a large
 * block (run-idle is long enough that no run completes on its own meanwhile); while it is down one log is cut and
 * rewritten, one replaced by a move, one renamed (and written on), one deleted; started again, killed again while it
 * sorts them out, started once more. Every run ends with exactly the lines of the content it was read from, none
 * recording, no batch running, and {@code extruder-verify} exits 0.
 */
class ExtruderLiveChangesProcessTest {

    private static final String CUT = "run_20251201_100000.csv";
    private static final String REPLACED = "run_20251201_110000.csv";
    private static final String RENAMED = "run_20251201_120000.csv";
    private static final String RENAMED_TO = "run_20251201_120001.csv";
    private static final String DELETED = "run_20251201_130000.csv";
    private static final int FIRST = 2_000;
    private static final int BLOCK = 30_000;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path home;

    private Process hub() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "com.migrationhub.cli.HubMain", "run", "--home",
                home.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("hub-" + System.nanoTime() + ".out").toFile()).start();
    }

    private Connection extruderDb() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/extruder.db") + "?busy_timeout=5000");
    }

    private long count(String db, String sql) {
        if (!Files.exists(home.resolve("data/" + db))) {
            return -1; // not created yet: opening it here would create an empty file under the hub
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/" + db) + "?busy_timeout=5000");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // not migrated yet
        }
    }

    private long samples(String key) {
        return count("extruder.db", "SELECT sample_count FROM runs WHERE source_file = '" + key + "'");
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void killedWhileLogsAreCutReplacedRenamedAndDeletedNothingIsLostDoubledOrMixed() throws Exception {
        Path controller = home.resolve("controller");
        try (ServerSocket s = new ServerSocket(0)) {
            Files.writeString(home.resolve("hub.properties"), String.join("\n",
                    "hub.extruder.live-dir = " + controller,
                    "hub.extruder.live-poll-ms = 200",
                    "hub.extruder.run-idle = 20s",
                    "hub.extruder.timezone = UTC",
                    "hub.extruder.chunk-size = 2000",
                    "hub.http.port = " + s.getLocalPort(), ""));
        }
        Files.createDirectories(controller);
        for (String log : List.of(CUT, REPLACED, RENAMED, DELETED)) {
            Files.writeString(controller.resolve(log), LiveLogCheck.log(1, FIRST));
        }
        Process first = hub();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> count("extruder.db", "SELECT SUM(sample_count) FROM runs") == 4L * FIRST);
            // a large flush to every log, and the service killed while it is being loaded
            for (String log : List.of(CUT, REPLACED, RENAMED, DELETED)) {
                GeneratedLog.append(controller.resolve(log), FIRST + 1, FIRST + BLOCK);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> count("extruder.db", "SELECT SUM(sample_count) FROM runs") > 4L * FIRST + 3_000);
        } finally {
            kill(first);
        }
        SortedMap<Long, Long> oldCut = LiveLogCheck.lines(controller.resolve(CUT));
        SortedMap<Long, Long> oldReplaced = LiveLogCheck.lines(controller.resolve(REPLACED));
        SortedMap<Long, Long> oldDeleted = LiveLogCheck.lines(controller.resolve(DELETED));

        // while the hub is down: cut and rewritten in place, replaced by a move, renamed and written on, deleted
        try (FileChannel ch = FileChannel.open(controller.resolve(CUT), StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        Files.writeString(controller.resolve(CUT), LiveLogCheck.log(500_001, 515_000), StandardOpenOption.APPEND);
        Path incoming = controller.resolve(".incoming");
        Files.writeString(incoming, LiveLogCheck.log(600_001, 615_000));
        Files.move(incoming, controller.resolve(REPLACED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path renamed = Files.move(controller.resolve(RENAMED), controller.resolve(RENAMED_TO));
        GeneratedLog.append(renamed, FIRST + BLOCK + 1, FIRST + BLOCK + 5_000);
        Files.delete(controller.resolve(DELETED));

        // started again and killed again while it sorts them out
        Process second = hub();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> samples(CUT + "#2") > 0 || samples(REPLACED + "#2") > 0);
        } finally {
            kill(second);
        }

        Process third = hub();
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> samples(CUT + "#2") == 15_000 && samples(REPLACED + "#2") == 15_000
                    && samples(RENAMED) == FIRST + BLOCK + 5_000);
            for (String log : List.of(CUT, REPLACED, RENAMED_TO)) {
                Files.setLastModifiedTime(controller.resolve(log), FileTime.fromMillis(System.currentTimeMillis() - 120_000));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count("extruder.db", "SELECT COUNT(*) FROM runs WHERE status = 'recording'") == 0
                    && count("hub.db", "SELECT COUNT(*) FROM batches WHERE status = 'running'") == 0);
        } finally {
            third.destroy();
            third.waitFor(30, TimeUnit.SECONDS);
        }

        try (Connection c = extruderDb(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_file, status, id, lines_done, live_name FROM runs ORDER BY source_file")) {
            List<String> runs = new ArrayList<>();
            while (rs.next()) {
                String key = rs.getString(1);
                runs.add(key + " " + rs.getString(2));
                long id = rs.getLong(3);
                long linesDone = rs.getLong(4);
                SortedMap<Long, Long> stored = LiveLogCheck.stored(c, id);
                switch (key) {
                    // an ended run holds exactly the old content's lines up to where it had read: nothing of the new
                    case CUT -> assertThat(stored).as(key).isEqualTo(oldCut.headMap(linesDone + 1));
                    case REPLACED -> assertThat(stored).as(key).isEqualTo(oldReplaced.headMap(linesDone + 1));
                    case DELETED -> assertThat(stored).as(key).isEqualTo(oldDeleted.headMap(linesDone + 1));
                    // a run that follows a file holds exactly the file's lines
                    case CUT + "#2" -> assertThat(stored).as(key).isEqualTo(LiveLogCheck.lines(controller.resolve(CUT)));
                    case REPLACED + "#2" -> assertThat(stored).as(key).isEqualTo(LiveLogCheck.lines(controller.resolve(REPLACED)));
                    case RENAMED -> {
                        assertThat(stored).as(key).isEqualTo(LiveLogCheck.lines(renamed));
                        assertThat(rs.getString(5)).isEqualTo(RENAMED_TO);
                    }
                    default -> throw new AssertionError("unexpected run " + key);
                }
                if (List.of(CUT, REPLACED, DELETED).contains(key)) {
                    assertThat(linesDone).as(key + ": the first block at least was read").isGreaterThanOrEqualTo(FIRST + 1);
                }
            }
            assertThat(runs).containsExactly(CUT + " truncated", CUT + "#2 complete", REPLACED + " replaced",
                    REPLACED + "#2 complete", RENAMED + " complete", DELETED + " abandoned");
        }
        assertThat(count("hub.db", "SELECT COUNT(*) FROM batches WHERE flow = 'extruder' AND status = 'running'")).isZero();
        // the ledger accounts for every stored sample: killed batches as abandoned with the samples that carry their id
        assertThat(count("hub.db", "SELECT SUM(loaded) FROM batches WHERE flow = 'extruder'"))
                .isEqualTo(count("extruder.db", "SELECT COUNT(*) FROM run_samples"));
        CommandRun verify = CommandRun.of("extruder-verify", "--home", home.toString(), "--json");
        assertThat(verify.exitCode()).as(verify.stdout()).isZero();
        assertThat(com.migrationhub.core.Json.mapper().readTree(verify.stdout()).path("unchecked").asLong()).as(verify.stdout())
                .isEqualTo(3);
    }
}
