package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import com.migrationhub.testing.LargeInputs;
import com.migrationhub.testing.LocalPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §9 as an operator runs it: three {@code ./hub run} instances (separate JVMs, separate homes) on one PostgreSQL
 * and one shared inbox. PPak exports and RMOS documents dropped in bursts are each taken by exactly one instance; an
 * instance killed with SIGKILL in the middle of a large export leaves it to another after hub.cluster.lock-max-age-ms,
 * and the store holds every row once; the material sync, scheduled on all three, runs once per firing.
 * Scaled for a 2-core machine: 3 bursts of 20 + 20 files and one 60,000-row export (the 300 files would take
 * the same path, only longer).
 */
class SeveralInstancesTest {

    private static final String KEY = "k-cluster-sandbox-secret";
    private static final int BURSTS = 3;
    private static final int PPAK_PER_BURST = 20;
    private static final int RMOS_PER_BURST = 20;
    private static final int ROWS_PER_EXPORT = 40;
    private static final int BIG_ROWS = 60_000;
    private static final int BIG_BAD_EVERY = 5_000;
    private static final int LOCK_MAX_AGE_MS = 8_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    private final List<Process> instances = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();
    private InnergySandbox sandbox;
    private String hubUrl;
    private String rmosUrl;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : instances) {
            p.destroy();
        }
        for (Process p : instances) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (sandbox != null) {
            sandbox.close();
        }
        schemas.forEach(LocalPostgres::dropSchemaOf);
    }

    @Test
    void threeInstancesTakeEachFileOnceSurviveAKillAndRunTheScheduleOnce() throws Exception {
        assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432");
        hubUrl = schema("cluster_hub");
        rmosUrl = schema("cluster_rmos");
        String extruderUrl = schema("cluster_ext");
        sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of(KEY, true), 0, 0, null,
                InnergyPaths.from(HubSettings.of(root.resolve("defaults"), Map.of()))));
        Path inbox = root.resolve("shared/inbox");
        Path outbox = root.resolve("shared/outbox");
        Path staging = Files.createDirectories(root.resolve("shared/staging"));
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path home = Files.createDirectories(root.resolve("node-" + i));
            int port = freePort();
            ports.add(port);
            Files.writeString(home.resolve("hub.properties"), String.join("\n",
                    "hub.instance.id = node-" + i,
                    "hub.http.port = " + port,
                    "hub.db.url = " + hubUrl,
                    "hub.rmos.db.url = " + rmosUrl,
                    "hub.extruder.db.url = " + extruderUrl,
                    "hub.inbox = " + inbox,
                    "hub.outbox = " + outbox,
                    "hub.innergy.base-url = " + sandbox.baseUrl(),
                    "hub.innergy.api-key = " + KEY,
                    "hub.innergy.mode = live",
                    "hub.materials.sync.cron = 0/20 * * * * ?",
                    "hub.cluster.lock-max-age-ms = " + LOCK_MAX_AGE_MS,
                    "hub.cluster.lock-keep-alive-ms = 1000",
                    "hub.cluster.release-delay-ms = 3000",
                    "hub.cluster.checkin-ms = 2000",
                    "hub.inbox.min-age-ms = 500", ""));
            instances.add(hub(home));
        }
        for (int i = 0; i < 3; i++) {
            String instance = "instance:node-" + (i + 1);
            int port = ports.get(i);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> health(port).contains(instance));
        }

        // a large export: the instance that takes it is killed part-way
        String big = "projects_2023-01-01.csv";
        LargeInputs.projects(staging.resolve(big), BIG_ROWS, BIG_BAD_EVERY);
        drop(staging, inbox.resolve("ppak"), big);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT COUNT(*) FROM canonical_projects") > 3_000);
        String taker = text("SELECT instance FROM batches WHERE source = '" + big + "' AND status = 'running'");
        assertThat(taker).as("a batch is running for the large export").startsWith("node-");
        Process killed = instances.get(Integer.parseInt(taker.substring(5)) - 1);
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown, its locks are left behind
        Instant killedAt = Instant.now();

        // bursts of PPak exports and RMOS documents while the others take the large export over
        List<String> exports = new ArrayList<>();
        int familyCount = 0;
        for (int burst = 0; burst < BURSTS; burst++) {
            for (int i = 0; i < PPAK_PER_BURST; i++) {
                int n = burst * PPAK_PER_BURST + i;
                String name = "projects_" + LocalDate.of(2024, 1, 1).plusDays(n) + ".csv";
                smallExport(staging.resolve(name), n);
                exports.add(name);
            }
            for (int i = 0; i < RMOS_PER_BURST; i++) {
                stripFamily(staging.resolve("fam-" + familyCount + ".json"), familyCount);
                familyCount++;
            }
            Files.createDirectories(inbox.resolve("rmos/strip_families"));
            try (var files = Files.list(staging)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    drop(staging, name.endsWith(".json") ? inbox.resolve("rmos/strip_families") : inbox.resolve("ppak"), name);
                }
            }
            int expected = exports.size();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count("SELECT COUNT(DISTINCT source) FROM batches WHERE flow = 'ppak' AND status = 'done' AND source <> '" + big + "'") >= expected);
        }
        int families = familyCount;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT COUNT(*) FROM batches WHERE source = '" + big + "' AND status = 'done'") == 1
                        && rmosCount("SELECT COUNT(*) FROM strip_families") == families);

        // the large export: finished by another instance after the dead one's lock aged, every row once
        String finisher = text("SELECT instance FROM batches WHERE source = '" + big + "' AND status = 'done'");
        assertThat(finisher).isNotEqualTo(taker);
        assertThat(text("SELECT status FROM batches WHERE source = '" + big + "' AND instance = '" + taker + "'")).isEqualTo("abandoned");
        Instant takenOver = Instant.parse(text("SELECT started FROM batches WHERE source = '" + big + "' AND status = 'done'"));
        long failoverMs = Duration.between(killedAt, takenOver).toMillis();
        System.out.println("failover after kill -9: " + failoverMs + " ms (lock max age " + LOCK_MAX_AGE_MS + " ms)");
        assertThat(failoverMs).isBetween(0L, LOCK_MAX_AGE_MS + 15_000L);
        long bigRejects = BIG_ROWS / BIG_BAD_EVERY;
        assertThat(count("SELECT found FROM batches WHERE source = '" + big + "' AND status = 'done'")).isEqualTo(BIG_ROWS);
        assertThat(count("SELECT COUNT(*) FROM dead_letters WHERE source_file = '" + big + "'")).isEqualTo(bigRejects);

        // every export taken once: one batch each, done, found = loaded + rejected + skipped; no duplicate
        assertThat(count("SELECT COUNT(*) FROM batches WHERE flow = 'ppak' AND status NOT IN ('done', 'abandoned')")).isZero();
        assertThat(count("SELECT COUNT(*) FROM batches WHERE flow = 'ppak' AND status = 'done'")).isEqualTo(exports.size() + 1);
        assertThat(count("SELECT COUNT(*) FROM batches WHERE flow = 'ppak' AND status = 'done' AND found <> loaded + rejected + skipped")).isZero();
        assertThat(count("SELECT COUNT(*) FROM batches WHERE flow = 'ppak' AND status = 'done' AND source <> '" + big + "' AND loaded <> "
                + ROWS_PER_EXPORT)).isZero();
        assertThat(count("SELECT COUNT(*) FROM canonical_projects")).isEqualTo(BIG_ROWS - bigRejects + (long) exports.size() * ROWS_PER_EXPORT);
        assertThat(count("SELECT COUNT(DISTINCT instance) FROM batches WHERE flow = 'ppak'")).as("the work was shared").isGreaterThan(1);

        // every RMOS document once: counted once across the batches, every original gone from the inbox
        assertThat(count("SELECT COALESCE(SUM(found), 0) FROM batches WHERE flow = 'rmos'")).isEqualTo(families);
        assertThat(count("SELECT COUNT(*) FROM batches WHERE flow = 'rmos' AND (status <> 'done' OR found <> loaded + rejected + skipped)")).isZero();
        try (var left = Files.list(inbox.resolve("rmos/strip_families")); var ppakLeft = Files.list(inbox.resolve("ppak"))) {
            assertThat(left.toList()).isEmpty();
            assertThat(ppakLeft.toList()).isEmpty();
        }

        // the material sync, scheduled on every instance, ran once per firing
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT COUNT(*) FROM batches WHERE source LIKE 'sync-materials %' AND status = 'done'") >= 2);
        List<Instant> runs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(hubUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT started FROM batches WHERE source LIKE 'sync-materials %' ORDER BY started")) {
            while (rs.next()) {
                runs.add(Instant.parse(rs.getString(1)));
            }
        }
        for (int i = 1; i < runs.size(); i++) {
            assertThat(Duration.between(runs.get(i - 1), runs.get(i)).toSeconds()).as("one run per 20-second firing").isGreaterThanOrEqualTo(10);
        }
        long creates = sandbox.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/api/materials/create")).count();
        assertThat(creates).as("the library created once (one list request), not once per instance").isEqualTo(1);
        assertThat(sandbox.data().materials()).isNotEmpty();
    }

    private String schema(String prefix) {
        String url = LocalPostgres.freshSchemaUrl(prefix);
        schemas.add(url);
        return url;
    }

    private Process hub(Path home) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "com.migrationhub.cli.HubMain", "run", "--home", home.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile()).start();
    }

    /** Into the inbox in one rename, as SCALE_OUT.md asks of whatever writes there. */
    private static void drop(Path staging, Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Files.move(staging.resolve(name), folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void smallExport(Path file, int n) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Job Id,Job Number,Description,Job Type,Job Status,Phase,Bill To Customer,Start Date,Due Date,Sell Price,Notes\r\n");
            for (int k = 1; k <= ROWS_PER_EXPORT; k++) {
                int id = 1_000_000 + n * 1_000 + k;
                w.write(id + ",S-" + id + ",Burst project " + id + ",Residential,Approved,Design,Customer " + k
                        + ",2024-02-01,2024-05-01,\"$1,200.00\",burst\r\n");
            }
        }
    }

    private static void stripFamily(Path file, int n) throws IOException {
        Files.writeString(file, "{\"id\": \"fam-cluster-" + n + "\", \"name\": \"Cluster family " + n + "\", \"strip_width_mm\": 1.5,"
                + " \"strip_thickness_mm\": 0.6, \"material_type\": \"Maple\", \"strips\": [{\"id\": \"s1\", \"length_mm\": 380,"
                + " \"position\": 0, \"color\": \"natural\"}]}");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String health(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return ""; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private long count(String sql) throws SQLException {
        return queryLong(hubUrl, sql);
    }

    private long rmosCount(String sql) {
        try {
            return queryLong(rmosUrl, sql);
        } catch (SQLException e) {
            return -1; // the tables are still being created
        }
    }

    private static long queryLong(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(hubUrl); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
