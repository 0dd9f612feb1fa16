package com.migrationhub.innergy;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What Camel's error handler needs to know about INNERGY failures: which are transient (429, 502, 503,
 * 504, timeouts, refused or dropped connections: redeliver) and how long a 429 asks to wait. Never
 * transient: 400, 401, 403, 404 and non-JSON answers.
 */
public final class InnergyFailures implements Processor {

    /** The header Camel's redelivery reads to override its computed (exponential) delay. */
    static final String REDELIVERY_DELAY = Exchange.REDELIVERY_DELAY;
    /** Transient failures seen by one call (an exchange property: it survives redeliveries). */
    static final String FAILED_ATTEMPTS = "innergyFailedAttempts";

    private final long maxRetryAfterMillis;

    public InnergyFailures(long maxRetryAfterMillis) {
        this.maxRetryAfterMillis = maxRetryAfterMillis;
    }

    /** How many attempts a finished call made. */
    public static int attempts(Exchange exchange) {
        return Math.max(1, exchange.getProperty(FAILED_ATTEMPTS, 0, Integer.class));
    }

    public static boolean isPermanent(Throwable failure) {
        return !isTransient(failure);
    }

    public static boolean isTransient(Throwable failure) {
        if (failure instanceof HttpOperationFailedException http) {
            int s = http.getStatusCode();
            return s == 429 || s == 502 || s == 503 || s == 504;
        }
        return failure instanceof IOException;
    }

    /**
     * Runs when an exception occurs, before Camel decides the next delay: a Retry-After (seconds or an
     * HTTP date) becomes that delay, plus a little jitter so parallel callers do not return together;
     * without one, Camel's exponential backoff with collision avoidance applies.
     */
    @Override
    public void process(Exchange exchange) {
        Exception e = exchange.getException();
        exchange.setProperty(FAILED_ATTEMPTS, exchange.getProperty(FAILED_ATTEMPTS, 0, Integer.class) + 1);
        Long wait = e instanceof HttpOperationFailedException http ? retryAfterMillis(http.getResponseHeaders()) : null;
        if (wait == null) {
            exchange.getIn().removeHeader(REDELIVERY_DELAY);
        } else {
            long jitter = wait == 0 ? 0 : ThreadLocalRandom.current().nextLong(wait / 10 + 1);
            exchange.getIn().setHeader(REDELIVERY_DELAY, Math.min(maxRetryAfterMillis, wait + jitter));
        }
    }

    Long retryAfterMillis(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if ("Retry-After".equalsIgnoreCase(h.getKey()) && h.getValue() != null) {
                return parseRetryAfter(h.getValue().strip());
            }
        }
        return null;
    }

    static Long parseRetryAfter(String value) {
        try {
            return Math.max(0, Long.parseLong(value)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
