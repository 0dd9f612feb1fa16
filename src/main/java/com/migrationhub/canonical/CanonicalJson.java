package com.migrationhub.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A canonical record's two JSON forms: the compact payload the store keeps and hashes, and the pretty
 * entry the canonical snapshot shows (its fields, then {@code innergy_id}). Rendering both on the
 * translating threads leaves the ordered, single-writer load only bytes to write.
 */
public final class CanonicalJson {

    /** The payload, its SHA-256 (the content hash), and the snapshot entry without an INNERGY link. */
    public record Rendered(String payload, String hash, byte[] snapshotEntry) {
    }

    private static final ObjectWriter COMPACT = Json.mapper().writer();
    private static final ObjectWriter PRETTY = Json.mapper().writer(new SnapshotPrettyPrinter());
    private static final byte[] CLOSE = "\n}".getBytes(StandardCharsets.UTF_8);
    private static final String LINK = ",\n  \"innergy_id\" : ";
    private static final byte[] NO_LINK = (LINK + "null").getBytes(StandardCharsets.UTF_8);

    private CanonicalJson() {
    }

    public static Rendered render(CanonicalRecord record) {
        try {
            // Bytes, not a String: the hash needs them, and both forms then share one generator's compiled code.
            byte[] payload = COMPACT.writeValueAsBytes(record);
            return new Rendered(new String(payload, StandardCharsets.UTF_8), Hashing.sha256(payload),
                    snapshotEntry(record, null));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON for " + record.naturalKey(), e);
        }
    }

    /**
     * The record's pretty form with {@code innergy_id} added as its last field. Records always have
     * fields, so the pretty form ends with a newline and the closing brace: the link goes just before.
     */
    public static byte[] snapshotEntry(CanonicalRecord record, String innergyId) {
        try {
            byte[] fields = PRETTY.writeValueAsBytes(record);
            byte[] link = innergyId == null ? NO_LINK
                    : (LINK + Json.write(innergyId)).getBytes(StandardCharsets.UTF_8);
            int head = fields.length - CLOSE.length;
            byte[] entry = Arrays.copyOf(fields, head + link.length + CLOSE.length);
            System.arraycopy(link, 0, entry, head, link.length);
            System.arraycopy(CLOSE, 0, entry, head + link.length, CLOSE.length);
            return entry;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON for " + record.naturalKey(), e);
        }
    }

    /** An entry of an earlier snapshot, written back as it was. */
    public static byte[] snapshotEntry(TreeNode entry) {
        try {
            return PRETTY.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }
}
