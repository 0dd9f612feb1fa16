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
        String name = AtomicFiles.safeName(original.getFileName().toString());
        Path folder = home.deadLetter(flow);
        Path copy = folder.resolve(name);
        try {
            Files.createDirectories(folder);
            if (Files.exists(original)) {
                Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dead-letter " + original, e);
        }
        AtomicFiles.writeString(folder.resolve(name + ".reason.txt"), reason + System.lineSeparator());
        deadLetters.record(DeadLetter.of(flow, DeadLetter.FILE, original.getFileName().toString(), null, reason,
                copy.toString(), batchId));
        return copy;
    }
}
