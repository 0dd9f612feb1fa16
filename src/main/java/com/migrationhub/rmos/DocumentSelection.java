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
 * Which files under the RMOS data dir the flow takes (everything but hidden files and folders and
 * half-copied {@code *.tmp}/{@code *.part}; a file outside the three entity folders is taken so that it
 * is dead-lettered, not left behind), and in which order: strip families, patterns, job logs.
 */
public final class DocumentSelection implements GenericFileFilter<Object>, Comparator<GenericFile<Object>> {

    public static boolean takes(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return !n.startsWith(".") && !n.endsWith(".tmp") && !n.endsWith(".part");
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        return takes(file.getFileNameOnly()) && com.migrationhub.core.InboxSweep.takeable(file);
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
    public static List<Path> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir))
                    .filter(p -> isTaken(dir, p))
                    .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
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
