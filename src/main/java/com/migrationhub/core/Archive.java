package com.migrationhub.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Keeps every processed original under {@code outbox/archive/<flow>/<today>/}. Never overwrites: a
 * second original of the same name the same day is kept beside the first with a counter.
 */
public final class Archive {

    private final HubHome home;

    public Archive(HubHome home) {
        this.home = home;
    }

    /** Archives a copy: the original stays where it is, and may change later. */
    public Path keep(String flow, Path original) {
        return keep(flow, original, false);
    }

    /**
     * Archives an original that its consumer deletes right afterwards: a hard link where the file system
     * allows one (no copying of a large export), a copy otherwise.
     */
    public Path keepBeforeDeletion(String flow, Path original) {
        return keep(flow, original, true);
    }

    /**
     * Moves an original out of its inbox into the archive in one rename, so a new file of the same name dropped
     * meanwhile is never mistaken for it (a copy and a delete when the archive is on another file system).
     */
    public Path takeIn(String flow, Path original) {
        Path folder = home.archive(flow, LocalDate.now());
        String name = AtomicFiles.safeName(original.getFileName().toString());
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(name);
            for (int n = 1; Files.exists(target); n++) {
                target = folder.resolve(name + "." + n);
            }
            try {
                return Files.move(original, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.copy(original, target);
                Files.delete(original);
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + original, e);
        }
    }

    /** Archives content the hub prepared in place of the original's bytes (a document with a secret removed). */
    public Path keepContent(String flow, String name, byte[] content) {
        Path folder = home.archive(flow, LocalDate.now());
        String safe = AtomicFiles.safeName(name);
        Path target = folder.resolve(safe);
        for (int n = 1; Files.exists(target); n++) {
            target = folder.resolve(safe + "." + n);
        }
        return AtomicFiles.write(target, out -> out.write(content));
    }

    private Path keep(String flow, Path original, boolean link) {
        Path folder = home.archive(flow, LocalDate.now());
        String name = AtomicFiles.safeName(original.getFileName().toString());
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(name);
            for (int n = 1; Files.exists(target); n++) {
                target = folder.resolve(name + "." + n);
            }
            if (link) {
                try {
                    return Files.createLink(target, original);
                } catch (IOException | UnsupportedOperationException e) {
                    // another file system, or no hard links there: copy instead
                }
            }
            Files.copy(original, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + original, e);
        }
    }
}
