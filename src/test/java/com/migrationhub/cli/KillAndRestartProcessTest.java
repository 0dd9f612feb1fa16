package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hub run} as a separate JVM, killed with SIGKILL at seeded random moments of a large PPak export and of
 * an RMOS drop, and started again each time: the databases end exactly as an uninterrupted run leaves them, every
 * killed batch is on record as abandoned with what it did, every original is archived once and no temporary file
 * stays behind. (The extruder's kill test is {@code ExtruderProcessTest}.)
 */
class KillAndRestartProcessTest {

    private static final int KILLS = 3;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private final Random random = new Random(Long.getLong("hub.kill.seed", 20261128L));

    private Process hub(Path home) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "com.migrationhub.cli.HubMain", "run", "--home", home.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("hub-" + System.nanoTime() + ".out").toFile()).start();
    }

    private static Path home(Path home) throws IOException {
        Files.createDirectories(home);
        try (ServerSocket s = new ServerSocket(0)) {
            Files.writeString(home.resolve("hub.properties"), "hub.http.port = " + s.getLocalPort() + "\nhub.inbox.min-age-ms = 300\n");
        }
        return home;
    }

    private static long count(Path db, String sql) {
        if (!Files.exists(db)) {
            return -1;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?busy_timeout=5000");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // not created or not migrated yet
        }
    }

    private static TreeSet<String> rows(Path db, String sql) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    /** Kills the service at {@code KILLS} seeded points of {@code progress} (below {@code total}), then lets it finish. */
    private List<Long> killAndRestart(Path home, java.util.function.LongSupplier progress, long total) throws Exception {
        List<Long> killedAt = new ArrayList<>();
        long last = 0;
        for (int k = 0; k < KILLS; k++) {
            long threshold = last + 1 + (long) (random.nextDouble() * (total - last) * 0.4);
            Process p = hub(home);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> progress.getAsLong() >= threshold);
            } finally {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            last = progress.getAsLong();
            killedAt.add(last);
        }
        Process p = hub(home);
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> progress.getAsLong() >= total && inboxEmpty(home)
                    && count(home.resolve("data/hub.db"), "SELECT COUNT(*) FROM batches WHERE status = 'running'") == 0);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return killedAt;
    }

    private static boolean inboxEmpty(Path home) throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("inbox"))) {
            return files.noneMatch(Files::isRegularFile);
        }
    }

    private static List<String> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aPpakExportKilledAndRestartedEndsAsAnUninterruptedRun() throws Exception {
        int total = 80_000;
        StringBuilder csv = new StringBuilder("Job Id,Job Number,Description,Job Type,Job Status,Phase,Bill To Customer,Job Contact,"
                + "Contact Email,Contact Phone,Address 1,City,State,Zip,Start Date,Due Date,Sell Price,Percent Complete,Notes\n");
        for (int i = 1; i <= total; i++) {
            csv.append(i).append(",J-K-").append(i).append(",Job ").append(i).append(",Commercial,")
                    .append(i % 97 == 0 ? "Bogus" : "In Progress").append(",Fab,Customer ").append(i % 50)
                    .append(",Dana,d@x.example,555-0142,1 Way,Seattle,WA,98101,2024-01-08,2024-04-30,\"$1,000.00\",35,note ")
                    .append(i).append('\n');
        }
        Path reference = home(dir.resolve("reference"));
        Path killed = home(dir.resolve("killed"));
        for (Path home : List.of(reference, killed)) {
            Files.createDirectories(home.resolve("inbox/ppak"));
            Files.writeString(home.resolve("inbox/ppak/projects_2024-05-01.csv"), csv, StandardCharsets.UTF_8);
        }
        CommandRun uninterrupted = CommandRun.of("ppak-etl", "--home", reference.toString(), "--json");
        assertThat(uninterrupted.exitCode()).as(uninterrupted.stdout()).isEqualTo(ExitCodes.REJECTS);

        Path db = killed.resolve("data/hub.db");
        List<Long> killedAt = killAndRestart(killed, () -> count(db, "SELECT COUNT(*) FROM canonical_projects"), total - total / 97);

        String store = "SELECT natural_key, content_hash FROM canonical_projects";
        String letters = "SELECT kind, source_file, line, reason FROM dead_letters WHERE replayed IS NULL";
        TreeSet<String> expectedRows = rows(reference.resolve("data/hub.db"), store);
        assertThat(expectedRows).hasSize(total - total / 97);
        assertThat(rows(db, store)).isEqualTo(expectedRows);
        assertThat(rows(db, letters)).isEqualTo(rows(reference.resolve("data/hub.db"), letters));
        assertThat(count(db, "SELECT COUNT(*) FROM batches WHERE status = 'done'")).isEqualTo(1);
        assertThat(count(db, "SELECT COUNT(*) FROM batches WHERE status NOT IN ('done', 'abandoned')")).isZero();
        assertThat(files(killed.resolve("outbox/archive"))).hasSize(1);
        assertThat(files(killed.resolve("outbox/canonical")).stream().filter(f -> f.endsWith(".tmp"))).isEmpty();
        System.out.printf("ppak kill -9: %d rows, killed at %s, rows lost 0, doubled 0%n", total, killedAt);
    }

    @Test
    void anRmosDropKilledAndRestartedEndsAsAnUninterruptedRun() throws Exception {
        int families = 200;
        int patterns = 2_800;
        Path reference = home(dir.resolve("reference"));
        Path killed = home(dir.resolve("killed"));
        for (Path home : List.of(reference, killed)) {
            Path inbox = home.resolve("inbox/rmos");
            Files.createDirectories(inbox.resolve("strip_families"));
            Files.createDirectories(inbox.resolve("patterns"));
            for (int f = 0; f < families; f++) {
                Files.writeString(inbox.resolve("strip_families/fam-" + f + ".json"), "{\"id\":\"fam-" + f + "\",\"name\":\"Family " + f
                        + "\",\"strip_width_mm\":1.5,\"strip_thickness_mm\":0.6,\"material_type\":\"Maple\",\"strips\":[{\"id\":\"s1\"}],\"created_at\":\"2025-01-14T09:12:33+02:00\"}");
            }
            for (int p = 0; p < patterns; p++) {
                String body = p % 113 == 0 ? "{\"id\":\"pat-" + p + "\",\"name\":\"broken\",\"ring_count\":0}"
                        : "{\"id\":\"pat-" + p + "\",\"name\":\"Pattern " + p + "\",\"ring_count\":1,\"geometry\":{\"rings\":[]},"
                        + "\"strip_family_id\":\"fam-" + (p % families) + "\",\"created_at\":\"2025-01-14 09:12:33\"}";
                Files.writeString(inbox.resolve("patterns/pat-" + p + ".json"), body);
            }
        }
        CommandRun uninterrupted = CommandRun.of("rmos-migrate", "--home", reference.toString(), "--json");
        assertThat(uninterrupted.exitCode()).as(uninterrupted.stdout()).isEqualTo(ExitCodes.REJECTS);

        Path rmosDb = killed.resolve("data/rmos.db");
        long loadable = families + patterns - (patterns + 112) / 113;
        List<Long> killedAt = killAndRestart(killed,
                () -> count(rmosDb, "SELECT (SELECT COUNT(*) FROM strip_families) + (SELECT COUNT(*) FROM patterns)"), loadable);

        for (String sql : List.of("SELECT id, content_hash, metadata_json, created_at FROM strip_families",
                "SELECT id, content_hash, strip_family_id, created_at FROM patterns")) {
            TreeSet<String> expected = rows(reference.resolve("data/rmos.db"), sql);
            assertThat(rows(rmosDb, sql)).as(sql).isEqualTo(expected);
        }
        Path db = killed.resolve("data/hub.db");
        String letters = "SELECT kind, source_file, reason FROM dead_letters WHERE replayed IS NULL";
        assertThat(rows(db, letters)).isEqualTo(rows(reference.resolve("data/hub.db"), letters));
        assertThat(count(db, "SELECT COUNT(*) FROM batches WHERE status NOT IN ('done', 'abandoned')")).isZero();
        // The ledger accounts for every row: the killed batches as abandoned with the rows that carry their id.
        assertThat(count(db, "SELECT SUM(loaded) FROM batches WHERE flow = 'rmos'")).isEqualTo(loadable);
        List<String> archived = files(killed.resolve("outbox/archive/rmos"));
        assertThat(archived).as("each loaded document archived once").hasSize((int) loadable)
                .noneMatch(f -> f.matches(".*\\.json\\.\\d+$"));
        System.out.printf("rmos kill -9: %d documents, killed at %s rows, rows lost 0, doubled 0%n", families + patterns, killedAt);
    }
}
