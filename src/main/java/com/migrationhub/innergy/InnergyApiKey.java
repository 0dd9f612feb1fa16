package com.migrationhub.innergy;

import java.net.URI;
import java.util.Locale;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Adds the {@code Api-Key} header inside Camel's HTTP client, and only on requests to the configured
 * INNERGY origin. The key therefore never enters a Camel message, an endpoint URI, a header dump, an
 * exception or a log line, and is not forwarded when a list redirects to a file elsewhere.
 */
public final class InnergyApiKey implements HttpClientConfigurer {

    public static final String HEADER = "Api-Key";

    private final String key;
    private final String scheme;
    private final String host;
    private final int port;

    public InnergyApiKey(String key, String baseUrl) {
        this.key = key == null || key.isBlank() ? null : key.strip();
        URI base = URI.create(baseUrl);
        this.scheme = base.getScheme() == null ? "http" : base.getScheme().toLowerCase(Locale.ROOT);
        this.host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
        this.port = port(scheme, base.getPort());
    }

    public boolean isPresent() {
        return key != null;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorFirst((request, entity, context) -> {
            if (key != null && sameOrigin(request.getScheme(), request.getAuthority())) {
                request.setHeader(HEADER, key);
            } else {
                request.removeHeaders(HEADER);
            }
        });
    }

    boolean sameOrigin(String requestScheme, URIAuthority authority) {
        if (authority == null || requestScheme == null) {
            return false;
        }
        String s = requestScheme.toLowerCase(Locale.ROOT);
        return s.equals(scheme) && authority.getHostName().equalsIgnoreCase(host) && port(s, authority.getPort()) == port;
    }

    private static int port(String scheme, int port) {
        return port > 0 ? port : "https".equals(scheme) ? 443 : 80;
    }

    /** True when the text holds the key: for tests and for scrubbing anything that could echo it. */
    public boolean occursIn(String text) {
        return key != null && text != null && text.contains(key);
    }

    @Override
    public String toString() {
        return "InnergyApiKey[" + (key == null ? "absent" : "set") + "]";
    }
}
