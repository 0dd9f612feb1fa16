package com.migrationhub.extruder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.migrationhub.core.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code config.json} as the hub keeps it: the {@code security} section (user names and password hashes) removed
 * before anything else sees the document, and its content in one canonical form (keys sorted, compact) whose hash
 * tells a new version from one seen before. Unknown keys are kept.
 */
public record ConfigSnapshot(String fileName, JsonNode content, String canonicalJson, String contentHash) {

    static final String SECURITY = "security";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final Pattern NAME = Pattern.compile("config_(\\d{4}-\\d{2}-\\d{2})(?:_(\\d{6}))?\\.json");

    /** The snapshot of a parsed document, security removed. */
    public static ConfigSnapshot of(String fileName, JsonNode document) {
        JsonNode content = redacted(document);
        try {
            Object sorted = CANONICAL.treeToValue(content, Object.class);
            String canonical = CANONICAL.writeValueAsString(sorted);
            return new ConfigSnapshot(fileName, content, canonical, Hashing.sha256(canonical));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document without its security section: what may be stored, reported, archived or dead-lettered. */
    public static JsonNode redacted(JsonNode document) {
        if (document instanceof ObjectNode object && object.has(SECURITY)) {
            ObjectNode copy = object.deepCopy();
            copy.remove(SECURITY);
            return copy;
        }
        return document;
    }

    /**
     * A document that is not valid JSON cannot be redacted by structure: the text from a {@code "security"} key to the
     * end of its object is cut out, as far as the braces can be matched, so its hashes reach no copy.
     */
    public static String redactedText(String text) {
        Matcher m = Pattern.compile("\"" + SECURITY + "\"\\s*:").matcher(text);
        if (!m.find()) {
            return text;
        }
        int start = m.start();
        int i = m.end();
        while (i < text.length() && text.charAt(i) != '{') {
            i++;
        }
        int depth = 0;
        int end = text.length();
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                end = i + 1;
                break;
            }
        }
        return text.substring(0, start) + "\"" + SECURITY + "\": \"[removed by the hub]\"" + text.substring(end);
    }

    /**
     * When the snapshot was applied: the time in its name ({@code config_YYYY-MM-DD[_HHMMSS].json}, local), if any. A
     * name of that shape whose date or time does not exist ({@code config_2025-13-45.json}) is an
     * {@link IllegalArgumentException} saying so: the snapshot is rejected, never dated by a guess.
     */
    public static Optional<Instant> appliedAtFromName(String fileName, ZoneId zone) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT
                    : LocalTime.parse(m.group(2), DateTimeFormatter.ofPattern("HHmmss").withResolverStyle(ResolverStyle.STRICT));
            return Optional.of(LocalDateTime.of(LocalDate.parse(m.group(1)), time).atZone(zone).toInstant());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the date or time in the name does not exist ("
                    + m.group(1) + (m.group(2) == null ? "" : " " + m.group(2)) + ")");
        }
    }
}
