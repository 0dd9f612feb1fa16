package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.ops.HttpBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the embedded SQLite ledger a second {@code ./hub run} on the same home refuses to start (exit 2) instead of racing. */
class SecondInstanceTest {

    @TempDir
    Path home;

    private Process run(int port) throws Exception {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "com.migrationhub.cli.HubMain", "run", "--home", home.toString()))
                .redirectErrorStream(true).redirectOutput(home.resolve("run-" + port + ".out").toFile()).start();
    }

    @Test
    void aSecondServiceOnTheSameSqliteHomeIsRefused() throws Exception {
        int first = HttpBinding.freePort();
        Files.writeString(home.resolve("hub.properties"), "hub.http.port = " + first + "\nhub.instance.id = first\n");
        Process one = run(first);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(home.resolve("run-" + first + ".out"))
                    && Files.readString(home.resolve("run-" + first + ".out")).contains("Migration Hub running"));
            int second = HttpBinding.freePort();
            Files.writeString(home.resolve("hub.properties"), "hub.http.port = " + second + "\n");
            Process two = run(second);
            assertThat(two.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(two.exitValue()).isEqualTo(2);
            assertThat(Files.readString(home.resolve("run-" + second + ".out")))
                    .contains("another hub service already runs on this home (instance first)");
            assertThat(one.isAlive()).isTrue();
        } finally {
            one.destroy();
            one.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
