package com.migrationhub.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

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
     * Dead-letters one file under its path relative to the flow's inbox (each segment made safe, see
     * {@link AtomicFiles#safeName}), so {@code patterns/a.json} and {@code joblogs/a.json} keep apart; {@code kind}
     * is file or document. A dead letter never replaces another: when that place is taken (the same name rejected
     * before), the copy goes to {@code again-2/<path>}, {@code again-3/<path>}, … under the flow's folder, keeping
     * its name so that replaying it reads it as what it was.
     */
    public Path reject(String flow, String kind, Path original, String relativeName, String reason, Long batchId) {
        Path copy = freePlace(flow, relativeName, original);
        try {
            if (!copy.equals(original == null ? null : original.toAbsolutePath().normalize())) {
                Files.createDirectories(copy.getParent());
                if (original != null && Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(original, copy, LinkOption.NOFOLLOW_LINKS);
                } else {
                    Files.createFile(copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dead-letter " + relativeName, e);
        }
        return recorded(flow, kind, relativeName, reason, copy, batchId);
    }

    /**
     * Dead-letters content the hub prepared rather than the original's bytes: a document with a secret removed
     * (an extruder {@code config.json} without its password hashes) is what the dead-letter folder may keep.
     */
    public Path rejectContent(String flow, String name, byte[] content, String reason, Long batchId) {
        Path copy = freePlace(flow, name, null);
        AtomicFiles.write(copy, out -> out.write(content));
        return recorded(flow, DeadLetter.FILE, name, reason, copy, batchId);
    }

    /**
     * Dead-letters what is not a plain file (a symbolic link, a folder): it is moved out of the inbox as it is
     * (a link stays a link, never read), or, when {@code moveOut} is false (a folder the hub only reads), a link
     * is copied as a link and a folder recorded as an empty folder.
     */
    public Path move(String flow, String kind, Path entry, String relativeName, String reason, Long batchId, boolean moveOut) {
        Path target = freePlace(flow, relativeName, null);
        try {
            Files.createDirectories(target.getParent());
            if (moveOut) {
                Files.move(entry, target, LinkOption.NOFOLLOW_LINKS);
            } else if (Files.isSymbolicLink(entry)) {
                Files.createSymbolicLink(target, Files.readSymbolicLink(entry));
            } else {
                Files.createDirectory(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dead-letter " + relativeName, e);
        }
        return recorded(flow, kind, relativeName, reason, target, batchId);
    }

    /** The reason beside the dead letter and its row in {@code dead_letters}. */
    private Path recorded(String flow, String kind, String relativeName, String reason, Path copy, Long batchId) {
        AtomicFiles.writeString(reasonOf(copy), reason + System.lineSeparator());
        deadLetters.record(DeadLetter.of(flow, kind, relativeName, null, reason, copy.toString(), batchId));
        return copy;
    }

    /**
     * The first free place for a dead letter: the path itself, else {@code again-2/<path>}, {@code again-3/<path>}, ….
     * A dead-letter copy rejected again (a replay) keeps its own place.
     */
    private Path freePlace(String flow, String relativeName, Path original) {
        Path folder = home.deadLetter(flow).toAbsolutePath().normalize();
        Path self = original == null ? null : original.toAbsolutePath().normalize();
        for (int n = 1; ; n++) {
            Path candidate = place(n == 1 ? folder : folder.resolve("again-" + n), relativeName);
            if (candidate.equals(self) || !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(reasonOf(candidate), LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    private static Path place(Path folder, String relativeName) {
        Path copy = folder;
        // '/' (and the platform's separator) between folders; elsewhere a '\\' is part of a name, escaped as %5C
        for (String segment : relativeName.replace(java.io.File.separatorChar, '/').split("/")) {
            if (!segment.isEmpty()) {
                copy = copy.resolve(AtomicFiles.safeName(segment));
            }
        }
        return copy.equals(folder) ? folder.resolve("unnamed") : copy;
    }

    private static Path reasonOf(Path copy) {
        return copy.resolveSibling(copy.getFileName() + ".reason.txt");
    }
}
