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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code config.json} as the hub keeps it: every {@code security} member (user names and password hashes), at any
 * depth, removed before anything else sees the document, and its content in one canonical form (keys sorted, compact)
 * whose hash tells a new version from one seen before. Unknown keys are kept.
 */
public record ConfigSnapshot(String fileName, JsonNode content, String canonicalJson, String contentHash) {

    static final String SECURITY = "security";
    /** How the dead letter of a snapshot that was not valid JSON begins: there is nothing in it to replay. */
    static final String UNREADABLE = "The hub keeps no copy of ";
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

    /**
     * The document without any {@code security} member, at any depth and inside arrays, whatever its case or spelling
     * ({@code Security}, a key spelt with a Unicode escape: keys are compared as parsed): what
     * may be stored, reported, archived or dead-lettered.
     */
    public static JsonNode redacted(JsonNode document) {
        JsonNode copy = document.deepCopy();
        removeSecurity(copy);
        return copy;
    }

    private static void removeSecurity(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> secrets = new ArrayList<>();
            object.fieldNames().forEachRemaining(key -> {
                if (key.strip().equalsIgnoreCase(SECURITY)) {
                    secrets.add(key);
                }
            });
            object.remove(secrets);
        }
        for (JsonNode child : node) {
            removeSecurity(child);
        }
    }

    /**
     * A snapshot that is not valid JSON cannot be redacted by structure, and no text cut can be trusted to find every
     * secret in it (an escaped or quoted key, a brace inside a value): nothing of its text is kept. This is what its
     * dead letter holds instead, with why.
     */
    public static String unreadable(String fileName, String why) {
        return UNREADABLE + fileName + ": it is not valid JSON (" + why + "), so the password hashes it may "
                + "hold cannot be found and removed. Fix the controller's snapshot and drop it again.\n";
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
