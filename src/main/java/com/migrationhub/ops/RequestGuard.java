package com.migrationhub.ops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * What every HTTP request passes before any route step (SPEC §8), applied once by the HTTP route configuration so
 * that another web site can neither read nor drive the hub:
 * <ol>
 * <li>its {@code Host} is one of {@code hub.http.allowed-hosts} or {@code hub.http.host} (any port): a DNS-rebinding
 * page reaches the hub under its own name, so it is refused (403) before anything is read;</li>
 * <li>no query parameter is given twice (400 naming it): {@code ?limit=1&limit=2} has no one meaning; nor under the
 * name of a path parameter or a request header ({@code /api/batches/7?id=8}, {@code ?Origin=…}): Camel makes both one
 * header holding a list;</li>
 * <li>a request that changes something (any method but GET and HEAD) carries no {@code Origin} of another site and no
 * {@code Sec-Fetch-Site} of {@code cross-site} or {@code same-site} (403); scripts and {@code curl} send no Origin and
 * pass;</li>
 * <li>it carries {@code Authorization: Bearer <hub.http.token>} when a token is set (401);</li>
 * <li>its body, if any, is {@code application/json} (415): a form or text/plain body is what a page of another site
 * can send without asking, so it is never taken.</li>
 * </ol>
 */
public final class RequestGuard implements Processor {

    /** A wildcard bind address names no host a client would send. */
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "[::]", "[0:0:0:0:0:0:0:0]");

    private final Set<String> hosts;
    private final byte[] bearer;

    /**
     * @param allowedHosts the names and addresses the hub answers to ({@code hub.http.allowed-hosts}, comma-separated)
     * @param bindHost     {@code hub.http.host}, always allowed besides
     * @param token        {@code hub.http.token}; blank: no token needed
     */
    public RequestGuard(String allowedHosts, String bindHost, String token) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : (allowedHosts == null ? "" : allowedHosts).split(",")) {
            if (!name.isBlank()) {
                names.add(hostName(literal(name)));
            }
        }
        if (bindHost != null && !bindHost.isBlank() && !WILDCARDS.contains(hostName(literal(bindHost)))) {
            names.add(hostName(literal(bindHost)));
        }
        this.hosts = Set.copyOf(names);
        this.bearer = token == null || token.isBlank() ? null : ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
    }

    /** The parts of a request the guard reads. */
    public record Request(String method, String host, String query, String origin, String fetchSite, String authorization,
                          String contentType, boolean hasBody) {
    }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        byte[] body = m.getBody(byte[].class);
        boolean hasBody = body != null && body.length > 0;
        if (m instanceof HttpMessage http) {
            // from the request itself: platform-http adds the query's parameters to the message headers, so
            // ?Sec-Fetch-Site=none or ?Origin=... would otherwise stand beside (or for) what the client sent
            HttpServerRequest request = http.getRequest();
            check(new Request(request.method().name(), host(request), request.query(), header(request, "Origin"),
                    header(request, "Sec-Fetch-Site"), header(request, "Authorization"), header(request, "Content-Type"),
                    hasBody));
            namedTwice(m);
            return;
        }
        check(new Request(m.getHeader(Exchange.HTTP_METHOD, String.class), host(m),
                m.getHeader(Exchange.HTTP_QUERY, String.class),
                m.getHeader("Origin", String.class), m.getHeader("Sec-Fetch-Site", String.class),
                m.getHeader("Authorization", String.class), m.getHeader(Exchange.CONTENT_TYPE, String.class), hasBody));
        namedTwice(m);
    }

    /** One header as the client sent it; sent twice, refused (which of two values counts is what an attacker picks). */
    static String header(HttpServerRequest request, String name) {
        java.util.List<String> values = request.headers().getAll(name);
        if (values.size() > 1) {
            throw new RequestRefusedException(400, "the " + name + " header is sent more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** A query parameter whose name the path or a header also gives: Camel has joined both into one header (a list). */
    private static void namedTwice(Message m) {
        String query = m.getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (!name.isEmpty() && m.getHeader(name) instanceof java.util.Collection<?>) {
                throw new com.migrationhub.core.BadRequestException(name + " is given twice (in the query and in the path or a header): give it once");
            }
        }
    }

    /**
     * The name and port the request was sent to: Camel's HTTP header filter drops {@code Host} from the headers, and
     * over HTTP/2 it is the {@code :authority}; the request itself has it either way.
     */
    private static String host(Message m) {
        return m instanceof HttpMessage http ? host(http.getRequest()) : m.getHeader("Host", String.class);
    }

    static String host(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return null;
        }
        String name = literal(authority.host());
        return authority.port() >= 0 ? name + ":" + authority.port() : name;
    }

    /** Passes, or throws the refusal: {@link RequestRefusedException} with its status, or a 400's BadRequestException. */
    public void check(Request r) {
        if (r.host() == null || r.host().isBlank()) {
            throw new RequestRefusedException(403, "a Host header is required");
        }
        if (!hosts.contains(hostName(r.host()))) {
            throw new RequestRefusedException(403, "this hub answers only to its own names (hub.http.allowed-hosts), not to '"
                    + r.host().strip() + "'");
        }
        repeatedParameter(r.query());
        String method = r.method() == null ? "GET" : r.method().toUpperCase(Locale.ROOT);
        if (method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        String site = r.fetchSite() == null ? "" : r.fetchSite().strip().toLowerCase(Locale.ROOT);
        if (site.equals("cross-site") || site.equals("same-site")) {
            throw new RequestRefusedException(403, "a request sent by another web site may not change anything here");
        }
        if (r.origin() != null && !sameOrigin(r.origin(), r.host())) {
            throw new RequestRefusedException(403, "a request from another web site (Origin " + r.origin().strip()
                    + ") may not change anything here");
        }
        if (bearer != null && (r.authorization() == null
                || !MessageDigest.isEqual(r.authorization().strip().getBytes(StandardCharsets.UTF_8), bearer))) {
            throw new RequestRefusedException(401, "Authorization: Bearer <hub.http.token> required");
        }
        boolean json = r.contentType() != null && mediaType(r.contentType()).equals("application/json");
        if (r.contentType() != null ? !json : r.hasBody()) {
            throw new RequestRefusedException(415, "Content-Type must be application/json (a change takes a JSON body or none)");
        }
    }

    /** The hub's own origin is the one the request was sent to: its scheme and the Host it names, port included. */
    private static boolean sameOrigin(String origin, String host) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        String h = host.strip().toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void repeatedParameter(String query) {
        if (query == null || query.isEmpty()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (!name.isEmpty() && !seen.add(name)) {
                throw new com.migrationhub.core.BadRequestException(name + " is given more than once: give each parameter once"
                        + (name.equals("columns") ? " (columns takes a comma-separated list)" : ""));
            }
        }
    }

    /** An IPv6 address as a Host header writes it, in brackets. */
    private static String literal(String name) {
        String n = name.strip();
        return n.indexOf(':') != n.lastIndexOf(':') && !n.startsWith("[") ? "[" + n + "]" : n;
    }

    /** The name of a Host value, without its port: {@code localhost:8080} → {@code localhost}, {@code [::1]:8080} → {@code [::1]}. */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
    }
}
