package com.migrationhub.rmos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.Json;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The translator's first half: a file becomes a {@link SourceDocument}. A file that is not a JSON
 * object is still a document, one that carries the reason it will be rejected, so it travels the same
 * way as the others and is counted in its batch.
 */
public final class DocumentReader {

    private static final ObjectMapper CANONICAL = Json.mapper().copy()
            .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);

    /** One document is one small file; anything bigger is not an RMOS document and is not read into memory. */
    static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;

    /** Reads a file taken from the data dir; {@code relativePath} is its path under that dir. */
    public SourceDocument read(File file, String relativePath) {
        String rel = relativePath.replace('\\', '/');
        if (file.length() > MAX_DOCUMENT_BYTES) {
            return new SourceDocument(RmosEntity.ofRelativePath(rel).orElse(null), rel, file.toPath(), "", null,
                    Hashing.sha256(file.toPath()), "too large for an RMOS document (" + file.length() + " bytes, at most "
                    + MAX_DOCUMENT_BYTES + ")");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return parse(rel, file.toPath(), StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new SourceDocument(RmosEntity.ofRelativePath(rel).orElse(null), rel, file.toPath(), text, null,
                    Hashing.sha256(text), "undecodable bytes: not UTF-8 text");
        }
    }

    /** Parses document text (from a file, the waiting table or a dead-letter copy). */
    public SourceDocument parse(String relativePath, Path file, String rawText) {
        String rel = relativePath.replace('\\', '/');
        String text = rawText.startsWith("\uFEFF") ? rawText.substring(1) : rawText;
        RmosEntity entity = RmosEntity.ofRelativePath(rel).orElse(null);
        if (entity == null) {
            return new SourceDocument(null, rel, file, text, null, Hashing.sha256(text),
                    "not in a strip_families/, patterns/ or joblogs/ folder");
        }
        if (!rel.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return new SourceDocument(entity, rel, file, text, null, Hashing.sha256(text), "not a .json document");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            return new SourceDocument(entity, rel, file, text, null, Hashing.sha256(text),
                    "not valid JSON: " + firstLine(e.getOriginalMessage()) + where);
        }
        if (json == null || json.isMissingNode()) {
            return new SourceDocument(entity, rel, file, text, null, Hashing.sha256(text), "not valid JSON: the file is empty");
        }
        if (!json.isObject()) {
            return new SourceDocument(entity, rel, file, text, null, Hashing.sha256(text),
                    "not a JSON object (found " + json.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        String nonFinite = Json.nonFinite(json);
        if (nonFinite != null) {
            return new SourceDocument(entity, rel, file, text, null, Hashing.sha256(text),
                    nonFinite + " is not a finite number (out of range)");
        }
        return new SourceDocument(entity, rel, file, text, json, canonicalHash(json), null);
    }

    /** SHA-256 of the document with its keys sorted: the same content hashes the same however it is laid out. */
    static String canonicalHash(JsonNode json) {
        try {
            return Hashing.sha256(CANONICAL.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // Jackson appends a "(start marker at [Source: ...])" aside; the line and column given after it say where.
        int aside = line.indexOf(" (start marker at");
        return aside < 0 ? line : line.substring(0, aside);
    }
}
