package com.migrationhub.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.migrationhub.core.RefusedException;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error answer of the HTTP API (SPEC §8): {@code {"error": "<plain sentence>"}}. A 4xx carries the sentence of
 * the exception that says what is wrong (Camel wraps what a bean throws in text naming methods and classes, so the
 * innermost one is taken); a 500 says only that the request failed, and the cause goes to the hub log.
 */
public final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    static final String FAILED = "the hub could not complete this request; the cause is in the hub log";
    static final String NOT_JSON = "the body must be a JSON object";

    /** The answer of a refused or bad request (401, 403, 415, 400, 404, 409). */
    public Map<String, String> answer(Throwable failure) {
        String sentence = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException) {
                sentence = NOT_JSON;
            } else if ((t instanceof RequestRefusedException || t instanceof RefusedException
                    || t instanceof IllegalArgumentException || t instanceof NoSuchElementException) && t.getMessage() != null) {
                sentence = t.getMessage();
            }
        }
        return Map.of("error", sentence == null ? "bad request" : sentence);
    }

    /** The status of a request the guard refused. */
    public int status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RequestRefusedException r) {
                return r.status();
            }
        }
        return 400;
    }

    /** An unexpected failure: one line with the cause in the hub log, and an answer that names no class and no path. */
    public Map<String, String> failed(Throwable failure, String routeId) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        LOG.error("{} failed: {}: {}", routeId, cause.getClass().getSimpleName(), cause.getMessage());
        LOG.debug("{} failed", routeId, failure);
        return Map.of("error", FAILED);
    }
}
