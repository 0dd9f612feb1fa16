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
            if (original != null && Files.exists(original)
                    && !original.toAbsolutePath().normalize().equals(copy.toAbsolutePath().normalize())) {
                Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dead-letter " + original, e);
        }
        AtomicFiles.writeString(copy.resolveSibling(copy.getFileName() + ".reason.txt"), reason + System.lineSeparator());
        deadLetters.record(DeadLetter.of(flow, kind, relativeName, null, reason, copy.toString(), batchId));
        return copy;
    }
}
