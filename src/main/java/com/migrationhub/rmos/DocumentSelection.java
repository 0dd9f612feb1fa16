package com.migrationhub.rmos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Which files under the RMOS data dir the flow takes, and in which order: strip families, patterns, job logs. Never
 * hidden files and folders or half-copied {@code *.tmp}/{@code *.part}. Every file inside the three entity folders is
 * taken (one that is not {@code *.json} is rejected as a document, in the inbox and in a foreign data folder alike).
 * Outside them, the hub's own inbox takes everything, so that nothing lies there unexplained (a misplaced file is
 * dead-lettered); a data folder the hub only reads ({@code rmos-migrate --data-dir}) may hold other things, so there
 * only {@code *.json} files are taken (dead-lettered as not in an entity folder) and the rest, such as a
 * {@code README.md}, is ignored.
 */
public final class DocumentSelection implements GenericFileFilter<Object>, Comparator<GenericFile<Object>> {

    private final boolean foreignFolder;

    /** @param foreignFolder whether the data dir is a folder the hub only reads rather than its inbox */
    public DocumentSelection(boolean foreignFolder) {
        this.foreignFolder = foreignFolder;
    }

    /** Whether a file at this path under the data dir is the flow's to take (besides its name, see {@link #takes}). */
    boolean concerns(String relativePath, boolean directory) {
        return directory || !foreignFolder || RmosEntity.ofRelativePath(relativePath).isPresent()
                || relativePath.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    }

    public static boolean takes(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return !n.startsWith(".") && !n.endsWith(".tmp") && !n.endsWith(".part");
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        return takes(file.getFileNameOnly()) && com.migrationhub.core.InboxSweep.takeable(file)
                && concerns(file.getRelativeFilePath(), file.isDirectory());
    }

    @Override
    public int compare(GenericFile<Object> a, GenericFile<Object> b) {
        int byEntity = Integer.compare(rank(a.getRelativeFilePath()), rank(b.getRelativeFilePath()));
        return byEntity != 0 ? byEntity : a.getRelativeFilePath().compareTo(b.getRelativeFilePath());
    }

    private static int rank(String relativePath) {
        return RmosEntity.ofRelativePath(relativePath).map(Enum::ordinal).orElse(-1);
    }

    /** The files the route will take from {@code dir}, for one-shot runs to know when they are done. */
    public List<Path> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir))
                    .filter(p -> isTaken(dir, p))
                    .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> concerns(dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'), false))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean isTaken(Path dir, Path p) {
        for (Path segment : dir.relativize(p)) {
            if (!takes(segment.toString())) {
                return false;
            }
        }
        return true;
    }
}
