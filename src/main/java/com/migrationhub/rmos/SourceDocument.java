package com.migrationhub.rmos;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One RMOS document as read from its file: where it came from, its text and parsed tree, or why it
 * cannot be read at all (not valid JSON, not a JSON object, not in an entity folder).
 *
 * @param entity       null when the file is not under strip_families/, patterns/ or joblogs/
 * @param relativePath the path under the data dir, e.g. {@code patterns/rosette/studio-rosette-a.json}
 * @param file         the file to archive or dead-letter; null for a document held in the waiting table
 * @param json         the parsed object, null when {@code problem} says why
 * @param contentHash  SHA-256 of the document's canonical form (keys sorted), so layout changes do not count
 */
public record SourceDocument(RmosEntity entity, String relativePath, Path file, String text, JsonNode json,
                             String contentHash, String problem) {

    public boolean readable() {
        return problem == null;
    }

    /** The same document, without its file (it lives on in the waiting table and the archive). */
    public SourceDocument withFile(Path newFile) {
        return new SourceDocument(entity, relativePath, newFile, text, json, contentHash, problem);
    }
}
