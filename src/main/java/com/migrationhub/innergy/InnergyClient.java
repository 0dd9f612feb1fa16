package com.migrationhub.innergy;

import com.fasterxml.jackson.databind.JavaType;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubMetrics;
import com.migrationhub.core.TargetUnavailableException;
import com.migrationhub.innergy.InnergyPaths.Operation;
import com.migrationhub.innergy.api.ErrorBody;
import com.migrationhub.innergy.api.ListEnvelope;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.innergy.api.ProjectInput;
import com.migrationhub.innergy.api.ServerVersion;
import com.migrationhub.innergy.api.WorkOrder;
import com.migrationhub.innergy.api.WorkOrderInput;
import com.migrationhub.innergy.api.WorkOrderList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INNERGY API in typed calls. Each call goes through the route {@code direct:innergy-call}, whose
 * Camel error handler redelivers transient failures; this class turns what is left into the hub's
 * outcomes: a refused key or a non-JSON answer stops every further call at once (exit code 3), a 400
 * or 404 is a {@link InnergyRejectedException} for that record, an exhausted redelivery is
 * {@link InnergyUnavailableException}. Lists are read page by page to the end.
 */
public final class InnergyClient {

    public static final String ENDPOINT = "direct:innergy-call";
    private static final Logger LOG = LoggerFactory.getLogger(InnergyClient.class);

    private final ProducerTemplate template;
    private final InnergyPaths paths;
    private final String baseUrl;
    private final int pageSize;
    private final boolean keyPresent;
    private final HubMetrics metrics;
    private final AtomicLong calls = new AtomicLong();
    private volatile TargetUnavailableException stopped;

    public InnergyClient(ProducerTemplate template, InnergyPaths paths, String baseUrl, int pageSize, boolean keyPresent,
                         HubMetrics metrics) {
        this.template = template;
        this.metrics = metrics;
        this.paths = paths;
        this.baseUrl = baseUrl;
        this.pageSize = Math.max(1, Math.min(500, pageSize));
        this.keyPresent = keyPresent;
    }

    public InnergyPaths paths() { return paths; }
    public String baseUrl() { return baseUrl; }
    public long calls() { return calls.get(); }

    // ---- the contract's operations

    public ServerVersion version() {
        return read(call(InnergyRequest.get(paths.path(Operation.VERSION), null)), InnergyJson.type(ServerVersion.class));
    }

    public List<Project> projects() {
        return readAll(paths.path(Operation.PROJECTS), null, Project.class);
    }

    public Project project(String id) {
        return read(call(InnergyRequest.get(paths.path(Operation.PROJECT, "id", id), null)), InnergyJson.type(Project.class));
    }

    public List<Project> createProjects(List<ProjectInput> projects) {
        return read(call(InnergyRequest.post(paths.path(Operation.PROJECT_CREATE), projects)), listOf(Project.class));
    }

    public Project editProject(String id, ProjectInput project) {
        return read(call(InnergyRequest.post(paths.path(Operation.PROJECT_EDIT, "id", id), project)),
                InnergyJson.type(Project.class));
    }

    public WorkOrderList workOrders(String projectNumber) {
        return read(call(InnergyRequest.get(paths.path(Operation.WORK_ORDERS, "projectNumber", projectNumber), null)),
                InnergyJson.type(WorkOrderList.class));
    }

    public List<WorkOrder> createWorkOrders(String projectNumber, List<WorkOrderInput> workOrders) {
        return read(call(InnergyRequest.post(paths.path(Operation.WORK_ORDER_CREATE, "projectNumber", projectNumber),
                workOrders)), listOf(WorkOrder.class));
    }

    public WorkOrder editWorkOrder(String id, WorkOrderInput workOrder) {
        return read(call(InnergyRequest.post(paths.path(Operation.WORK_ORDER_EDIT, "id", id), workOrder)),
                InnergyJson.type(WorkOrder.class));
    }

    /** Every material, or only those of one status (Active / Inactive). */
    public List<Material> materials(String status) {
        return readAll(paths.path(Operation.MATERIALS), status == null ? null : "status=" + status, Material.class);
    }

    public List<Material> createMaterials(List<Material> materials) {
        return read(call(InnergyRequest.post(paths.path(Operation.MATERIAL_CREATE),
                materials.stream().map(Material::asInput).toList())), listOf(Material.class));
    }

    public Material editMaterial(String id, Material material) {
        return read(call(InnergyRequest.post(paths.path(Operation.MATERIAL_EDIT, "id", id), material.asInput())),
                InnergyJson.type(Material.class));
    }

    public Material deactivateMaterial(String id) {
        return read(call(new InnergyRequest("POST", paths.path(Operation.MATERIAL_DEACTIVATE, "id", id), null, "{}")),
                InnergyJson.type(Material.class));
    }

    // ---- paging

    /** Reads a list to its end: pages of {@code pageSize} until a short one (or a whole list answered at once). */
    <T> List<T> readAll(String path, String filter, Class<T> itemType) {
        JavaType envelope = InnergyJson.type(ListEnvelope.class, itemType);
        List<T> all = new ArrayList<>();
        for (int skip = 0; ; skip += pageSize) {
            String query = (filter == null ? "" : filter + "&") + "skip=" + skip + "&take=" + pageSize;
            ListEnvelope<T> page = read(call(InnergyRequest.get(path, query)), envelope);
            if (page.items() == null) {
                throw new InnergyProtocolException("INNERGY answered GET " + path + " without Items");
            }
            all.addAll(page.items());
            // a short page is the last; a page longer than asked is the whole list (paging not applied)
            if (page.items().size() != pageSize) {
                return all;
            }
        }
    }

    // ---- one call

    /** Sends one request through the route and returns the answer's JSON, or throws the hub's outcome. */
    public byte[] call(InnergyRequest request) {
        TargetUnavailableException stop = stopped;
        if (stop != null) {
            throw new InnergyRefusedException(0, stop.getMessage());
        }
        if (!keyPresent) {
            throw new HubConfigurationException("INNERGY_API_KEY is not set: give the INNERGY API key (environment, .env "
                    + "or hub.innergy.api-key) to talk to " + baseUrl);
        }
        calls.incrementAndGet();
        long started = System.nanoTime();
        Exchange done = template.send(ENDPOINT, e -> e.getIn().setBody(request));
        Exception failure = done.getException();
        long ms = (System.nanoTime() - started) / 1_000_000;
        count(done, failure);
        if (failure == null) {
            LOG.debug("{} -> {} ({} ms)", request.describe(), done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE), ms);
            return done.getMessage().getBody(byte[].class);
        }
        int attempts = InnergyFailures.attempts(done);
        RuntimeException outcome = outcome(request, failure, attempts);
        LOG.info("{} failed after {} attempt(s), {} ms: {}", request.describe(), attempts, ms, outcome.getMessage());
        throw outcome;
    }

    /** The call's final status and its redeliveries (each transient failure but a last one was retried). */
    private void count(Exchange done, Exception failure) {
        int transientFailures = done.getProperty(InnergyFailures.FAILED_ATTEMPTS, 0, Integer.class);
        if (failure == null) {
            metrics.innergyRequest(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), transientFailures);
            return;
        }
        int status = 0;
        boolean lastTransient = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                status = http.getStatusCode();
                lastTransient = InnergyFailures.isTransient(http);
                break;
            }
            if (t instanceof IOException) {
                lastTransient = true;
                break;
            }
        }
        metrics.innergyRequest(status, Math.max(0, transientFailures - (lastTransient ? 1 : 0)));
    }

    private RuntimeException outcome(InnergyRequest request, Exception thrown, int attempts) {
        Throwable failure = thrown;
        while (failure.getCause() != null && failure.getCause() != failure
                && !(failure instanceof InnergyProtocolException) && !(failure instanceof HttpOperationFailedException)
                && !(failure instanceof IOException)) {
            failure = failure.getCause();
        }
        if (failure instanceof InnergyProtocolException protocol) {
            stopped = protocol;
            return protocol;
        }
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            ErrorBody error = errorBody(http.getResponseBody());
            List<String> messages = error == null || error.messages() == null ? List.of() : error.messages();
            String correlation = error == null ? null : error.correlationId();
            if (status == 401 || status == 403) {
                InnergyRefusedException refused = new InnergyRefusedException(status, "INNERGY refused the API key (HTTP "
                        + status + (status == 401 ? ", not valid" : ", no permission for " + request.method() + " "
                        + request.path()) + "): check INNERGY_API_KEY" + (messages.isEmpty() ? "" : " - " + String.join("; ", messages)));
                stopped = refused;
                return refused;
            }
            if (InnergyFailures.isTransient(http)) {
                return new InnergyUnavailableException("INNERGY still answered HTTP " + status + " to " + request.describe()
                        + " after " + attempts + " attempt(s)", null);
            }
            return new InnergyRejectedException(status, request.method() + " " + request.path(), messages, correlation);
        }
        if (failure instanceof IOException io) {
            return new InnergyUnavailableException("cannot reach INNERGY at " + baseUrl + " for " + request.describe()
                    + " after " + attempts + " attempt(s): " + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : " " + io.getMessage()), null);
        }
        return new InnergyUnavailableException("INNERGY call " + request.describe() + " failed: " + failure, thrown);
    }

    private static ErrorBody errorBody(String body) {
        if (body == null || body.isBlank() || !body.strip().startsWith("{")) {
            return null;
        }
        try {
            return InnergyJson.mapper().readValue(body, ErrorBody.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static JavaType listOf(Class<?> type) {
        return InnergyJson.mapper().getTypeFactory().constructCollectionType(List.class, type);
    }

    private static <T> T read(byte[] json, JavaType type) {
        return InnergyJson.read(json, type);
    }
}
