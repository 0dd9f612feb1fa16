package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.RecordedRequest;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hub innergy-check} as a user runs it: the key and base URL from the home's .env. */
class InnergyCheckCommandTest {

    @TempDir
    Path home;

    InnergySandbox sandbox;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream oldErr;
    PrintStream oldOut;

    @BeforeEach
    void start() {
        sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of("right-key-1", true), 0, 0, null,
                InnergyPaths.from(HubSettings.of(home, Map.of()))));
        oldErr = System.err;
        oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(oldErr);
        System.setOut(oldOut);
        sandbox.close();
    }

    private int run(String key) throws Exception {
        Files.writeString(home.resolve(".env"), "INNERGY_API_BASE_URL=" + sandbox.baseUrl() + "\nINNERGY_API_KEY=" + key + "\n");
        return HubMain.execute("innergy-check", "--home", home.toString());
    }

    @Test
    void acceptedKeyExitsZero() throws Exception {
        assertThat(run("right-key-1")).isEqualTo(ExitCodes.CLEAN);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("accepted INNERGY_API_KEY");
    }

    @Test
    void refusedKeyExitsThreeWithinASecondNamingTheVariable() throws Exception {
        int code = run("wrong-key-2");
        Instant finished = Instant.now();

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("INNERGY_API_KEY").contains("401")
                .doesNotContain("wrong-key-2");
        assertThat(sandbox.requests()).extracting(RecordedRequest::status).containsExactly(401);
        Instant refused = Instant.parse(sandbox.requests().get(0).time());
        assertThat(Duration.between(refused, finished)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void unreachableInnergyExitsThree() throws Exception {
        String url = sandbox.baseUrl();
        sandbox.close();
        Files.writeString(home.resolve(".env"), "INNERGY_API_BASE_URL=" + url + "\nINNERGY_API_KEY=right-key-1\n"
                + "hub.innergy.retry.initial-delay-ms=10\n");
        Files.writeString(home.resolve("hub.properties"), "hub.innergy.retry.initial-delay-ms=10\nhub.innergy.retry.max-delay-ms=50\n");
        assertThat(HubMain.execute("innergy-check", "--home", home.toString())).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach INNERGY");
    }
}
