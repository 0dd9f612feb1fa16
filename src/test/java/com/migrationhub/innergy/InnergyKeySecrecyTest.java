package com.migrationhub.innergy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.migrationhub.innergy.sandbox.FaultRule;
import com.migrationhub.innergy.sandbox.SandboxTraps;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key never shows: every log line (captured raw, at DEBUG for Camel, HttpClient and the hub),
 * every exception message, the sandbox's recorded requests and the home's files, through successes,
 * redeliveries, rejections, a refusal and the HTML trap.
 */
class InnergyKeySecrecyTest {

    @TempDir
    Path home;

    @Test
    void keyIsAbsentFromLogsExceptionsRecordedRequestsAndFiles() throws Exception {
        StringWriter captured = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("secrecy-capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m %ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        Map<String, Level> raised = Map.of("org.apache.camel", Level.DEBUG, "org.apache.hc.client5.http", Level.DEBUG,
                "com.migrationhub", Level.DEBUG);
        Map<String, Level> before = new java.util.HashMap<>();
        raised.keySet().forEach(name -> before.put(name, LogManager.getLogger(name).getLevel()));
        Configurator.setLevel(raised);
        List<Throwable> failures = new ArrayList<>();
        String recorded;
        try (SandboxRig rig = new SandboxRig(home)) {
            InnergyClient client = rig.client();
            rig.sandbox.addFaults(FaultRule.status("POST", "/api/projects/create", 503, 1, null),
                    FaultRule.status("GET", "/api/materials", 429, 1, 0));
            client.createProjects(List.of(InnergyClientTest.project("ppak:s1", "Secret test")));
            client.materials(null);
            failures.add(catchThrowable(() -> client.createProjects(List.of(InnergyClientTest.project("ppak:s1", "again")))));
            failures.add(catchThrowable(() -> client.project("nope")));
            rig.sandbox.addFaults(FaultRule.status("GET", "/api/version", 401, 1, null));
            failures.add(catchThrowable(client::version));
            recorded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rig.sandbox.baseUrl()
                    + "/__admin/requests")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(rig.sandbox.requests()).allSatisfy(r ->
                    assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Api-Key")));
        } finally {
            config.getRootLogger().removeAppender("secrecy-capture");
            appender.stop();
            Configurator.setLevel(before);
        }
        try (SandboxRig trap = new SandboxRig(home.resolve("trap"), Map.of("hub.innergy.api-key", SandboxRig.KEY + "-wrong"), 0)) {
            trap.sandbox.traps(new SandboxTraps(true, null));
            failures.add(catchThrowable(() -> trap.client().projects()));
        }

        String logs = captured.toString();
        assertThat(logs).contains("503").contains("429").contains("direct://innergy-call");
        assertThat(logs).doesNotContain(SandboxRig.KEY);
        assertThat(failures).hasSize(4).allSatisfy(f -> {
            assertThat(f).isNotNull();
            for (Throwable t = f; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(SandboxRig.KEY);
            }
        });
        assertThat(recorded).contains("/api/projects/create").doesNotContain(SandboxRig.KEY);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(SandboxRig.KEY);
            }
        }
    }
}
