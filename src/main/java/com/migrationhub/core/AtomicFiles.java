package com.migrationhub.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so a reader never sees half of one: a temporary sibling, then a rename. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static Path write(Path target, Writer writer) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
            moveIntoPlace(tmp, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public static Path writeString(Path target, String content) {
        return write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A name from input made one safe path segment, so it cannot escape its folder. Letters and digits of any
     * script and {@code . _ -} and space stay as they are; every other character is percent-encoded (its UTF-8
     * bytes as {@code %XX}), so two different names never become the same one and the original can be read back.
     */
    public static String safeName(String name) {
        String base = name == null ? "" : name.replace(java.io.File.separatorChar, '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.isBlank() || base.equals(".") || base.equals("..")) {
            return "unnamed";
        }
        StringBuilder out = new StringBuilder(base.length());
        base.codePoints().forEach(cp -> {
            boolean keep = Character.isLetterOrDigit(cp) || cp == '.' || cp == '_' || cp == '-' || cp == ' ';
            if (keep && !(cp == '.' && out.length() == 0)) {
                out.appendCodePoint(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xFF));
                }
            }
        });
        return out.toString();
    }
}
