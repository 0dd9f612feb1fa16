package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.HubTestSupport;
import com.migrationhub.core.BatchLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A file still being written when the consumer first sees it is left alone until it is complete. */
class PpakSlowWriterRouteTest extends HubTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.inbox.min-age-ms", "1000", "hub.inbox.check-interval-ms", "250");
    }

    @Test
    void aSlowlyWrittenExportIsTakenOnceWholeNotHalf() throws Exception {
        List<String> lines;
        try (var in = resource("samples/ppak/projects_2024-01-15.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Path target = inbox("ppak").resolve("projects_2024-01-15.csv");
        Files.createDirectories(target.getParent());
        Files.writeString(target, lines.get(0) + "\r\n");
        // The exporting program appends one row every 150 ms, as a slow network copy would.
        AtomicInteger next = new AtomicInteger(1);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < lines.size()) {
                try {
                    Files.writeString(target, lines.get(i) + "\r\n", StandardOpenOption.APPEND);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, 150, 150, TimeUnit.MILLISECONDS);
        try {
            // While rows are still arriving, nothing has been taken.
            await().atMost(Duration.ofSeconds(10)).until(() -> next.get() > lines.size());
            assertThat(services().ledger().recent("ppak", 10)).isEmpty();
        } finally {
            writer.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> services().ledger().recent("ppak", 10).stream()
                .anyMatch(b -> !BatchLedger.RUNNING.equals(b.status())));
        List<BatchLedger.Batch> batches = services().ledger().recent("ppak", 10);
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BatchLedger.DONE);
            assertThat(b.found()).isEqualTo(10);
            assertThat(b.loaded()).isEqualTo(6);
        });
    }
}
