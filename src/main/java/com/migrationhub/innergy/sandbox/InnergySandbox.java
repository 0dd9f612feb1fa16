package com.migrationhub.innergy.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.migrationhub.innergy.InnergyJson;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.api.ErrorBody;
import com.migrationhub.innergy.api.ListEnvelope;
import com.migrationhub.innergy.api.Material;
import com.migrationhub.innergy.api.ProjectInput;
import com.migrationhub.innergy.api.ServerVersion;
import com.migrationhub.innergy.api.WorkOrderInput;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in INNERGY tenant on 127.0.0.1 (the JDK's HTTP server) that follows docs/INNERGY_CONTRACT.md:
 * Api-Key auth (401 unknown key, 403 read-only key on a write), PascalCase JSON, {@code {CreateDate, Items}}
 * lists with skip/take paging, 400 with {@code {Messages, CorrelationId, OutcomeType}} for invalid or
 * duplicate input, {@code X-Correlation-Id} on every answer. Test controls live under {@code /__admin}
 * (loopback only, no key): reset, seed, data, requests, faults, rate-limit, latency, traps.
 */
public final class InnergySandbox implements AutoCloseable {

    public static final String VERSION = "sandbox-2026.1";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and
        // the client's delayed ACK add ~40 ms to every answer, which would swamp the latency being simulated.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(InnergySandbox.class);
    private static final String FILES = "/__files/";
    private static final String ADMIN = "/__admin/";
    private static final int MAX_RECORDED = 100_000;
    private static final byte[] HTML = ("<!DOCTYPE html><html><head><title>INNERGY - Sign in</title></head>"
            + "<body><form action=\"/Account/Login\"><input name=\"email\"></form></body></html>")
            .getBytes(StandardCharsets.UTF_8);

    private final SandboxOptions options;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService delays;
    private final SandboxStore store;
    private final SandboxFaults faults = new SandboxFaults();
    private final RateLimit rateLimit;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private volatile SandboxTraps traps = SandboxTraps.off();
    private volatile int latencyMs;

    private InnergySandbox(SandboxOptions options) throws IOException {
        this.options = options;
        this.store = new SandboxStore(options.dataFile());
        this.rateLimit = new RateLimit(options.rateLimitPerSecond());
        this.latencyMs = Math.max(0, options.latencyMs());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        this.workers = Executors.newFixedThreadPool(32, daemon("innergy-sandbox"));
        this.delays = Executors.newScheduledThreadPool(2, daemon("innergy-sandbox-delay"));
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /** Starts a sandbox on 127.0.0.1 (port 0 picks a free one). */
    public static InnergySandbox start(SandboxOptions options) {
        try {
            InnergySandbox sandbox = new InnergySandbox(options);
            sandbox.server.start();
            LOG.info("INNERGY sandbox listening on {} ({} key(s), rate limit {}/s, latency {} ms)", sandbox.baseUrl(),
                    options.keys().size(), options.rateLimitPerSecond(), options.latencyMs());
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the INNERGY sandbox on 127.0.0.1:" + options.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        delays.shutdownNow();
        workers.shutdownNow();
    }

    // ---- in-process controls (the same as /__admin)

    public void reset() {
        store.reset();
        faults.clear();
        requests.clear();
        files.clear();
        traps = SandboxTraps.off();
        rateLimit.set(options.rateLimitPerSecond());
        latencyMs = Math.max(0, options.latencyMs());
    }

    public void seed(SandboxData data) { store.seed(data); }
    public SandboxData data() { return store.snapshot(); }
    public void addFaults(FaultRule... rules) { faults.add(List.of(rules)); }
    public void clearFaults() { faults.clear(); }
    public void traps(SandboxTraps change) { traps = traps.merge(change); }
    public void rateLimit(int perSecond) { rateLimit.set(perSecond); }
    public void latency(int millis) { latencyMs = Math.max(0, millis); }
    public void clearRequests() { requests.clear(); }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    // ---- HTTP

    /** What to send back: a status, a body, headers; or nothing at all (the connection dropped). */
    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers, boolean drop,
                          boolean applied, long delayMs) {
        static Answer json(int status, Object value) {
            return new Answer(status, "application/json; charset=utf-8", writeJson(value), Map.of(), false, false, 0);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, contentType, body, h, drop, applied, delayMs);
        }

        Answer applied(boolean yes) {
            return new Answer(status, contentType, body, headers, drop, yes, delayMs);
        }

        Answer dropped() {
            return new Answer(0, null, null, headers, true, applied, delayMs);
        }

        Answer delayed(long ms) {
            return new Answer(status, contentType, body, headers, drop, applied, delayMs + ms);
        }
    }

    private void handle(HttpExchange exchange) {
        long arrived = System.nanoTime();
        String correlationId = UUID.randomUUID().toString();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        Answer answer;
        byte[] body = new byte[0];
        try {
            body = readAll(exchange.getRequestBody());
            if (path.startsWith(ADMIN) || path.equals("/__admin")) {
                answer = admin(exchange, method, path.substring(Math.min(path.length(), ADMIN.length())), body);
                send(exchange, answer, correlationId);
                return;
            }
            answer = path.startsWith(FILES) ? file(path) : api(exchange, method, path, uri.getRawQuery(), body);
        } catch (SandboxError e) {
            answer = Answer.json(e.status, new ErrorBody(e.messages, correlationId, e.outcomeType));
        } catch (RuntimeException e) {
            LOG.warn("sandbox failure on {} {}", method, path, e);
            answer = Answer.json(500, new ErrorBody(List.of("Internal error: " + e.getClass().getSimpleName()),
                    correlationId, "Failure"));
        } catch (IOException e) {
            answer = new Answer(0, null, null, Map.of(), true, false, 0);
        }
        record(exchange, method, path, uri.getRawQuery(), body, answer, correlationId);
        // the latency is the time from arrival to answer, as a remote server's would be: processing counts in it
        // (in nanoseconds: whole milliseconds dropped the part-millisecond already spent and answered up to 1 ms late)
        long wait = (answer.delayMs() + latencyMs) * 1_000_000L - (System.nanoTime() - arrived);
        if (wait > 0) {
            Answer late = answer;
            delays.schedule(() -> send(exchange, late, correlationId), wait, TimeUnit.NANOSECONDS);
        } else {
            send(exchange, answer, correlationId);
        }
    }

    private Answer api(HttpExchange exchange, String method, String path, String rawQuery, byte[] body) {
        Optional<FaultRule> fault = faults.take(method, path);
        if (fault.isPresent()) {
            FaultRule f = fault.get();
            if (FaultRule.DROP_BEFORE.equals(f.drop())) {
                return new Answer(0, null, null, Map.of(), true, false, 0);
            }
            if (f.status() != null) {
                Answer a = Answer.json(f.status(), new ErrorBody(List.of(reasonOf(f.status())), null,
                        f.status() == 401 ? "AuthenticationError" : f.status() == 403 ? "ForbiddenError" : "Failure"));
                if (f.retryAfter() != null) {
                    a = a.withHeader("Retry-After", Integer.toString(f.retryAfter()));
                }
                return a.delayed(f.delayMs() == null ? 0 : f.delayMs());
            }
        }
        Answer answer = authorised(exchange, method, path, rawQuery, body);
        if (fault.isPresent()) {
            FaultRule f = fault.get();
            if (FaultRule.DROP_AFTER.equals(f.drop())) {
                answer = answer.dropped();
            }
            if (f.delayMs() != null) {
                answer = answer.delayed(f.delayMs());
            }
        }
        return answer;
    }

    private Answer authorised(HttpExchange exchange, String method, String path, String rawQuery, byte[] body) {
        String key = exchange.getRequestHeaders().getFirst("Api-Key");
        Boolean mayWrite = key == null ? null : options.keys().get(key);
        if (mayWrite == null) {
            if (traps.html()) {
                return html();
            }
            throw new SandboxError(401, "AuthenticationError",
                    List.of(key == null ? "The Api-Key header is missing" : "The API key is not valid"));
        }
        long wait = rateLimit.take(key, System.nanoTime());
        if (wait > 0) {
            return Answer.json(429, new ErrorBody(List.of("Too many requests"), null, "Failure"))
                    .withHeader("Retry-After", Long.toString(wait));
        }
        Optional<InnergyPaths.Match> match = options.paths().match(method, path);
        if (match.isEmpty()) {
            if (traps.html()) {
                return html();
            }
            throw SandboxError.notFound("No route " + method + " " + path);
        }
        InnergyPaths.Match m = match.get();
        if (m.operation().method().equals("POST") && !mayWrite) {
            throw new SandboxError(403, "ForbiddenError", List.of("The API key has no permission to change data"));
        }
        try {
            return operation(m, query(rawQuery), body);
        } catch (SandboxError e) {
            if (e.status == 404 && traps.html()) {
                return html();
            }
            throw e;
        }
    }

    private Answer operation(InnergyPaths.Match m, Map<String, String> query, byte[] body) {
        return switch (m.operation()) {
            case VERSION -> Answer.json(200, new ServerVersion(VERSION));
            case PROJECTS -> list(store.projects(), query);
            case PROJECT -> Answer.json(200, store.project(m.variable("id")));
            case PROJECT_CREATE -> written(store.createProjects(readList(body, ProjectInput.class)));
            case PROJECT_EDIT -> written(store.editProject(m.variable("id"), read(body, ProjectInput.class)));
            case WORK_ORDERS -> Answer.json(200, store.workOrders(m.variable("projectNumber")));
            case WORK_ORDER_CREATE -> written(store.createWorkOrders(m.variable("projectNumber"),
                    readList(body, WorkOrderInput.class)));
            case WORK_ORDER_EDIT -> written(store.editWorkOrder(m.variable("id"), read(body, WorkOrderInput.class)));
            case MATERIALS -> list(store.materials(query.get("status")), query);
            case MATERIAL_CREATE -> written(store.createMaterials(readList(body, Material.class)));
            case MATERIAL_EDIT -> written(store.editMaterial(m.variable("id"), read(body, Material.class)));
            case MATERIAL_DEACTIVATE -> written(store.deactivateMaterial(m.variable("id")));
        };
    }

    private static Answer written(Object result) {
        return Answer.json(200, result).applied(true);
    }

    /** A list: the whole of it, a page when asked with skip/take, or a 302 to a gzip file (the trap). */
    private Answer list(List<?> all, Map<String, String> query) {
        List<?> items = all;
        if (query.containsKey("skip") || query.containsKey("take")) {
            int skip = number(query.getOrDefault("skip", "0"), "skip");
            int take = number(query.getOrDefault("take", "100"), "take");
            if (take < 1 || take > 500) {
                throw SandboxError.badRequest("take must be between 1 and 500, got " + take);
            }
            if (skip < 0) {
                throw SandboxError.badRequest("skip must not be negative, got " + skip);
            }
            items = all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + take));
        }
        ListEnvelope<?> envelope = new ListEnvelope<>(Instant.now(), items);
        if (traps.redirect()) {
            String token = UUID.randomUUID() + ".json.gz";
            files.put(token, gzip(writeJson(envelope)));
            return new Answer(302, "text/plain", new byte[0], Map.of("Location", FILES + token), false, false, 0);
        }
        return Answer.json(200, envelope);
    }

    /** The target of a list redirect: a gzip file served without a key, as object storage would, once. */
    private Answer file(String path) {
        byte[] gz = files.remove(path.substring(FILES.length()));
        if (gz == null) {
            throw SandboxError.notFound("No such file");
        }
        return new Answer(200, "application/octet-stream", gz, Map.of(), false, false, 0);
    }

    private static Answer html() {
        return new Answer(200, "text/html; charset=utf-8", HTML, Map.of(), false, false, 0);
    }

    // ---- /__admin

    private Answer admin(HttpExchange exchange, String method, String action, byte[] body) {
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            throw new SandboxError(403, "ForbiddenError", List.of("/__admin is for loopback callers only"));
        }
        String route = method + " " + action;
        switch (route) {
            case "POST reset" -> reset();
            case "POST seed" -> seed(read(body, SandboxData.class));
            case "GET data" -> {
                return Answer.json(200, data());
            }
            case "GET requests" -> {
                return Answer.json(200, new ListEnvelope<>(Instant.now(), requests()));
            }
            case "DELETE requests" -> clearRequests();
            case "GET faults" -> {
                return Answer.json(200, new ListEnvelope<>(Instant.now(), faults.list()));
            }
            case "POST faults" -> faults.add(body.length > 0 && firstByte(body) == '['
                    ? readList(body, FaultRule.class) : List.of(read(body, FaultRule.class)));
            case "DELETE faults" -> clearFaults();
            case "POST traps" -> traps(read(body, SandboxTraps.class));
            case "POST rate-limit" -> rateLimit(read(body, JsonNode.class).path("RequestsPerSecond").asInt(0));
            case "POST latency" -> latency(read(body, JsonNode.class).path("LatencyMs").asInt(0));
            default -> throw SandboxError.notFound("No admin route " + route);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("Ok", true);
        status.put("Traps", traps);
        status.put("RateLimitPerSecond", rateLimit.perSecond());
        status.put("LatencyMs", latencyMs);
        return Answer.json(200, status);
    }

    // ---- plumbing

    private void record(HttpExchange exchange, String method, String path, String query, byte[] body, Answer answer,
                        String correlationId) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Api-Key") && !name.equalsIgnoreCase("Authorization")) {
                headers.put(name, String.join(",", values));
            }
        });
        synchronized (requests) {
            if (requests.size() >= MAX_RECORDED) {
                requests.remove(0);
            }
            requests.add(new RecordedRequest(sequence.incrementAndGet(), Instant.now().toString(), method, path, query,
                    headers, body.length == 0 ? null : new String(body, StandardCharsets.UTF_8), answer.status(),
                    answer.drop(), answer.applied(), correlationId));
        }
        LOG.debug("{} {} -> {}", method, path, answer.drop() ? "dropped" : answer.status());
    }

    private void send(HttpExchange exchange, Answer answer, String correlationId) {
        try (exchange) {
            if (answer.drop()) {
                return; // closing before any header is sent drops the connection: the client gets no answer
            }
            exchange.getResponseHeaders().set("X-Correlation-Id", correlationId);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] body = answer.body() == null ? new byte[0] : answer.body();
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("client went away before the answer: {}", e.getMessage());
        }
    }

    private static final ObjectMapper OUT = InnergyJson.mapper();

    /**
     * Writes PascalCase JSON; ModifiedOn goes out without a zone suffix (CreatedOn keeps its "Z"), as
     * the real API mixes both forms and a client must read either.
     */
    static byte[] writeJson(Object value) {
        JsonNode tree = OUT.valueToTree(value);
        stripZone(tree);
        try {
            return OUT.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stripZone(JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode modified = o.get("ModifiedOn");
            if (modified != null && modified.isTextual() && modified.asText().endsWith("Z")) {
                String t = modified.asText();
                o.put("ModifiedOn", t.substring(0, t.length() - 1));
            }
            o.elements().forEachRemaining(InnergySandbox::stripZone);
        } else if (node != null && node.isArray()) {
            node.forEach(InnergySandbox::stripZone);
        }
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            if (body.length == 0) {
                throw SandboxError.badRequest("A JSON body is required");
            }
            T value = InnergyJson.strict().readValue(body, type);
            if (value == null) {
                throw SandboxError.badRequest("A JSON body is required");
            }
            return value;
        } catch (IOException e) {
            throw SandboxError.badRequest("Invalid body: " + firstLine(e.getMessage()));
        }
    }

    private static <T> List<T> readList(byte[] body, Class<T> type) {
        if (body.length == 0 || firstByte(body) != '[') {
            throw SandboxError.badRequest("The body must be a JSON array");
        }
        try {
            List<T> items = InnergyJson.strict().readValue(body,
                    InnergyJson.strict().getTypeFactory().constructCollectionType(List.class, type));
            if (items.isEmpty()) {
                throw SandboxError.badRequest("The array is empty");
            }
            return items;
        } catch (IOException e) {
            throw SandboxError.badRequest("Invalid body: " + firstLine(e.getMessage()));
        }
    }

    private static int firstByte(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static int number(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SandboxError.badRequest(name + " must be a whole number, got '" + text + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String reasonOf(int status) {
        return switch (status) {
            case 401 -> "The API key is not valid";
            case 403 -> "The API key has no permission for this request";
            case 429 -> "Too many requests";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway timeout";
            default -> "Injected fault " + status;
        };
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

}
