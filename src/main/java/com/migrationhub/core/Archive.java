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

    /** Whether a path is an archived copy of this flow (a document kept while it waited for its reference). */
    public boolean holds(String flow, Path path) {
        Path root = home.outbox().resolve("archive").resolve(flow).toAbsolutePath().normalize();
        return path != null && path.toAbsolutePath().normalize().startsWith(root);
    }

    /** Removes an archived copy whose document became a dead letter instead: one place each. */
    public void release(String flow, Path path) {
        if (holds(flow, path)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + path + " from the archive", e);
            }
        }
    }

    /**
     * Moves an original into the archive in one rename (a copy and a delete only across file systems): a process
     * killed at any moment leaves it either in the inbox or in the archive, never in both.
     */
    public Path moveIn(String flow, Path original) {
        Path target = freeTarget(flow, original.getFileName().toString());
        try {
            try {
                return Files.move(original, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                return Files.move(original, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + original, e);
        }
    }

    /** Archives content the hub prepared in place of the original's bytes (a document with a secret removed). */
    public Path keepContent(String flow, String name, byte[] content) {
        return AtomicFiles.write(freeTarget(flow, name), out -> out.write(content));
    }

    /** Today's archive path for a name: never an earlier original's (a counter is appended instead). */
    private Path freeTarget(String flow, String fileName) {
        Path folder = home.archive(flow, LocalDate.now());
        String name = AtomicFiles.safeName(fileName);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        Path target = folder.resolve(name);
        for (int n = 1; Files.exists(target); n++) {
            target = folder.resolve(name + "." + n);
        }
        return target;
    }

    private Path keep(String flow, Path original, boolean link) {
        Path target = freeTarget(flow, original.getFileName().toString());
        try {
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
