package com.migrationhub.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The dead-letter channel's end for whole files: the original goes to {@code outbox/dead-letter/<flow>/}
 * with {@code <name>.reason.txt} beside it, and a row in {@code dead_letters} points at the copy.
 */
public final class FileDeadLetters {

    private final HubHome home;
    private final DeadLetters deadLetters;

    public FileDeadLetters(HubHome home, DeadLetters deadLetters) {
        this.home = home;
        this.deadLetters = deadLetters;
    }

    /** Copies the file into the flow's dead-letter folder and records why; returns the copy. */
    public Path reject(String flow, Path original, String reason, Long batchId) {
        return reject(flow, DeadLetter.FILE, original, original.getFileName().toString(), reason, batchId);
    }

    /**
     * Dead-letters one file under its path relative to the flow's inbox (each segment made safe), so
     * {@code patterns/a.json} and {@code joblogs/a.json} keep apart; {@code kind} is file or document.
     */
    public Path reject(String flow, String kind, Path original, String relativeName, String reason, Long batchId) {
        return reject(flow, kind, relativeName, reason, batchId, copy -> {
            if (original != null && Files.exists(original)
                    && !original.toAbsolutePath().normalize().equals(copy.toAbsolutePath().normalize())) {
                Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    /**
     * Dead-letters content the hub prepared rather than the original's bytes: a document with a secret removed
     * (an extruder {@code config.json} without its password hashes) is what the dead-letter folder may keep.
     */
    public Path rejectContent(String flow, String name, byte[] content, String reason, Long batchId) {
        return reject(flow, DeadLetter.FILE, name, reason, batchId, copy -> AtomicFiles.write(copy, out -> out.write(content)));
    }

    private interface CopyWriter {
        void write(Path copy) throws IOException;
    }

    private Path reject(String flow, String kind, String relativeName, String reason, Long batchId, CopyWriter writer) {
        Path folder = home.deadLetter(flow);
        Path copy = folder;
        for (String segment : relativeName.replace('\\', '/').split("/")) {
            if (!segment.isEmpty()) {
                copy = copy.resolve(AtomicFiles.safeName(segment));
            }
        }
        if (copy.equals(folder)) {
            copy = folder.resolve("unnamed");
        }
        try {
            Files.createDirectories(copy.getParent());
            writer.write(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dead-letter " + relativeName, e);
        }
        AtomicFiles.writeString(copy.resolveSibling(copy.getFileName() + ".reason.txt"), reason + System.lineSeparator());
        deadLetters.record(DeadLetter.of(flow, kind, relativeName, null, reason, copy.toString(), batchId));
        return copy;
    }
}
