package com.migrationhub.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The hub's JSON conventions: snake_case keys, ISO dates, unknown fields tolerated on read. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Where a parsed document holds a number that is not finite ({@code 1e400} or {@code -1e400} overflow a double and
     * Jackson reads them as infinities): its path ({@code ring_count}, {@code z1.kp}, {@code context.values[2]}), or
     * null when every number is finite. Such a value is a bad value like any other: the flows reject it with this path.
     */
    public static String nonFinite(com.fasterxml.jackson.databind.JsonNode node) {
        return nonFinite(node, "");
    }

    private static String nonFinite(com.fasterxml.jackson.databind.JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
            return path.isEmpty() ? "the value" : path;
        }
        if (node.isContainerNode()) {
            var fields = node.fields();
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String found = nonFinite(node.get(i), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
            }
            while (fields.hasNext()) {
                var field = fields.next();
                String found = nonFinite(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
