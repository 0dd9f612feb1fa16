package com.migrationhub.lineage;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenLineage run events for every batch (START when it is taken, COMPLETE or FAIL when it closes), POSTed to
 * {@code hub.lineage.openlineage-url} (Marquez: {@code http://host:5000/api/v1/lineage}) so a shop running Marquez or
 * DataHub sees the hub's batches there: the job is the flow, the input dataset the file, the outputs the tables.
 * Sent in the background: a slow or absent collector never holds a batch up; a refused event is logged, not retried.
 */
public final class OpenLineageEvents implements BatchLedger.Observer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEvents.class);
    private static final URI PRODUCER = URI.create("https://github.com/migration-hub/migration-hub");

    private final URI endpoint;
    private final String namespace;
    private final String inputNamespace;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final OpenLineage model = new OpenLineage(PRODUCER);
    private final java.util.Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile long lastWarning;

    /** @param home the hub home as a URI: the input files' namespace, and with a batch id the run's identity */
    public OpenLineageEvents(String endpoint, String home) {
        this.endpoint = URI.create(endpoint);
        this.namespace = "migration-hub";
        this.inputNamespace = home;
    }

    @Override
    public void opened(BatchRun run) {
        send(event(OpenLineage.RunEvent.EventType.START, run));
    }

    @Override
    public void closed(BatchRun run, String status) {
        boolean failed = BatchLedger.REJECTED_FILE.equals(status) || BatchLedger.FAILED.equals(status)
                || BatchLedger.ABANDONED.equals(status);
        send(event(failed ? OpenLineage.RunEvent.EventType.FAIL : OpenLineage.RunEvent.EventType.COMPLETE, run));
    }

    /** A batch is one run whichever instance reports it: its id is derived from the home and the batch id. */
    static UUID runId(String home, long batchId) {
        return UUID.nameUUIDFromBytes((home + "/batch/" + batchId).getBytes(StandardCharsets.UTF_8));
    }

    OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, BatchRun run) {
        List<OpenLineage.OutputDataset> outputs = outputsOf(run).stream()
                .map(table -> model.newOutputDatasetBuilder().namespace(namespace).name(table).build()).toList();
        return model.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
                .run(model.newRunBuilder().runId(runId(inputNamespace, run.id())).build())
                .job(model.newJobBuilder().namespace(namespace).name(run.flow()).build())
                .inputs(List.of(model.newInputDatasetBuilder().namespace(inputNamespace)
                        .name("inbox/" + run.flow() + "/" + run.source()).build()))
                .outputs(outputs)
                .build();
    }

    /** The tables a batch of this flow writes (for a PPak export, the one its name says). */
    static List<String> outputsOf(BatchRun run) {
        String source = run.source().toLowerCase(Locale.ROOT);
        return switch (run.flow()) {
            case "ppak" -> source.contains("work_orders_") ? List.of("canonical_work_orders")
                    : source.contains("materials_") ? List.of("canonical_materials")
                    : source.contains("projects_") ? List.of("canonical_projects")
                    : List.of("canonical_projects", "canonical_materials", "canonical_work_orders");
            case "innergy" -> List.of("innergy");
            case "extruder" -> List.of("runs", "run_samples", "config_profiles", "logger_events", "alarms");
            case "rmos" -> List.of("strip_families", "patterns", "joblogs");
            default -> List.of();
        };
    }

    private void send(OpenLineage.RunEvent event) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(OpenLineageClientUtils.toJson(event))).build();
        CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        pending.add(sent);
        sent.whenComplete((response, error) -> {
            pending.remove(sent);
            if (error != null || response.statusCode() >= 300) {
                warn(error != null ? error.toString() : "HTTP " + response.statusCode());
            }
        });
    }

    private void warn(String why) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 60_000) {
            lastWarning = now;
            LOG.warn("OpenLineage event not accepted by {}: {} (events are not retried)", endpoint, why);
        }
    }

    /** Waits a little for the events still on their way (a one-shot command ends right after its last batch). */
    @Override
    public void close() {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // what did not arrive by now is dropped; the collector's outage was logged
        }
    }
}
