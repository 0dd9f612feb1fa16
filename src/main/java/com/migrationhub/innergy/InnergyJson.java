package com.migrationhub.innergy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * INNERGY's JSON: PascalCase keys, business dates as {@code YYYY-MM-DD}, audit timestamps ISO-8601
 * with or without a zone (a zoneless one is taken as UTC). Nulls are left out of request bodies.
 */
public final class InnergyJson {

    private static final ObjectMapper CLIENT = base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** The sandbox refuses unknown fields, so a client sending a GET name (FirstDelivery) to a POST hears of it. */
    private static final ObjectMapper STRICT = base().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private InnergyJson() {
    }

    private static ObjectMapper base() {
        SimpleModule audit = new SimpleModule("innergy-audit-times").addDeserializer(Instant.class, new AuditTime());
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(audit)
                .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public static ObjectMapper mapper() {
        return CLIENT;
    }

    public static ObjectMapper strict() {
        return STRICT;
    }

    public static String write(Object value) {
        try {
            return CLIENT.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write INNERGY JSON: " + e.getMessage(), e);
        }
    }

    public static <T> T read(byte[] json, JavaType type) {
        try {
            return CLIENT.readValue(json, type);
        } catch (IOException e) {
            throw new InnergyProtocolException("INNERGY answered JSON this client cannot read as " + type.getTypeName()
                    + ": " + firstLine(e.getMessage()));
        }
    }

    public static JavaType type(Class<?> raw, Class<?>... parameters) {
        return CLIENT.getTypeFactory().constructParametricType(raw, parameters);
    }

    public static JavaType type(Class<?> raw) {
        return CLIENT.getTypeFactory().constructType(raw);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Audit timestamps come with ("...Z", "+02:00") or without a zone suffix. */
    static final class AuditTime extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            if (text == null || text.isBlank()) {
                return null;
            }
            return parse(text.strip());
        }
    }

    public static Instant parse(String text) {
        return hasZone(text) ? OffsetDateTime.parse(text).toInstant() : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }

    /** "...Z", "...+02:00" or "...-0500" after the time part (the date's own dashes come before the 'T'). */
    private static boolean hasZone(String text) {
        int t = text.indexOf('T');
        if (t < 0) {
            throw new DateTimeParseException("not a timestamp", text, 0);
        }
        String time = text.substring(t);
        return time.endsWith("Z") || time.endsWith("z") || time.indexOf('+') > 0 || time.indexOf('-') > 0;
    }
}
