package com.migrationhub.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as an IT person installs it: the archive unpacked into an empty folder, {@code bin/hub} run with
 * Java and nothing else (no Maven, an empty PATH): the demo, the service started and stopped, and a clear word
 * when Java is missing or too old.
 */
class ReleaseArchiveIT {

    @TempDir
    static Path install;

    static Path release;

    @BeforeAll
    static void unpack() throws Exception {
        release = ReleaseArchive.unpack(install);
    }

    private static Set<String> tree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void theArchiveHoldsTheLauncherLibrariesRoutesMappingsDocsAndTheServiceUnit() throws Exception {
        Set<String> files = tree(release);
        assertThat(files).contains("bin/hub", "routes/ppak.camel.yaml", "routes/ops.camel.yaml", "mappings/status_mapping.csv",
                "docs/INSTALL.md", "docs/OPERATIONS.md", "deploy/migration-hub.service", "README.md");
        assertThat(files).anyMatch(f -> f.matches("lib/migration-hub-.*\\.jar")).anyMatch(f -> f.startsWith("lib/camel-main-"));
        assertThat(Files.getPosixFilePermissions(release.resolve("bin/hub"))).contains(PosixFilePermission.OWNER_EXECUTE);
        String unit = Files.readString(release.resolve("deploy/migration-hub.service"));
        assertThat(unit).contains("Restart=on-failure", "User=migration-hub", "WorkingDirectory=/var/lib/migration-hub",
                "HUB_JAVA_OPTS=-Xmx512m", "ExecStart=/opt/migration-hub/bin/hub run");
        // the .zip holds the same files
        Path zip = Path.of(ReleaseArchive.archive().toString().replace(".tar.gz", ".zip"));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Set<String> zipped = z.stream().filter(e -> !e.isDirectory())
                    .map(e -> e.getName().substring(e.getName().indexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
            assertThat(zipped).isEqualTo(files);
        }
    }

    @Test
    void theDemoRunsFromTheUnpackedArchiveWithOnlyJava() throws Exception {
        Path work = Files.createDirectories(install.resolve("demo-work"));
        Process demo = ReleaseArchive.hub(release, work, Map.of(), "demo", "--exit", "--json")
                .redirectOutput(work.resolve("out.json").toFile()).redirectError(work.resolve("err.txt").toFile()).start();
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(demo.exitValue()).as(Files.readString(work.resolve("err.txt"))).isZero();
        JsonNode result = Json.mapper().readTree(work.resolve("out.json").toFile());
        assertThat(result.path("complete").asBoolean()).isTrue();
        assertThat(result.path("batches").size()).isGreaterThan(5);
    }

    @Test
    void theServiceStartsFromTheArchiveServesHealthAndMetricsAndStopsOnSigterm() throws Exception {
        Path home = Files.createDirectories(install.resolve("service-home"));
        int port = HttpBinding.freePort();
        Files.writeString(home.resolve("hub.properties"), "hub.http.port = " + port + "\n");
        Process service = ReleaseArchive.hub(release, home, Map.of(), "run", "--home", home.toString())
                .redirectOutput(home.resolve("out.txt").toFile()).redirectError(home.resolve("err.txt").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(service.isAlive()).as(Files.readString(home.resolve("err.txt"))).isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (java.io.IOException notYet) {
                    return false;
                }
            });
            assertThat(ReleaseArchive.commandLine(service)).contains("-Xmx512m").contains(release.resolve("lib").toString());
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("hub_rows_total{flow=\"ppak\",outcome=\"loaded\"} 0.0", "hub_dead_letters_waiting{flow=\"ppak\"} 0.0");
            assertThat(Files.readString(home.resolve("out.txt"))).contains("Migration Hub running in " + home);
        } finally {
            service.destroy(); // SIGTERM, as systemctl stop sends
        }
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(service.exitValue()).isIn(0, 143);
        assertThat(home.resolve("logs/hub.log")).isNotEmptyFile();
        assertThat(home.resolve("data/hub.db")).exists();
    }

    @Test
    void withoutJavaTheLauncherSaysWhatIsNeeded() throws Exception {
        Path work = Files.createDirectories(install.resolve("no-java"));
        Process p = ReleaseArchive.hub(release, work, Map.of("JAVA_HOME", ""), "--version").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("Java 17 or newer is needed and no 'java' was found");
    }

    @Test
    void withAnOldJavaTheLauncherNamesItsVersion() throws Exception {
        Path oldJava = Files.createDirectories(install.resolve("old-jdk/bin"));
        Path fake = oldJava.resolve("java");
        Files.writeString(fake, "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
        fake.toFile().setExecutable(true);
        Process p = ReleaseArchive.hub(release, install, Map.of("JAVA_HOME", oldJava.getParent().toString()), "--version")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("Java 17 or newer is needed", "11.0.22");
    }
}
