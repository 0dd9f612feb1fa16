package com.migrationhub.extruder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a live log is, beyond its name, as log shippers know a file (NiFi TailFile, Filebeat, Vector, Fluent Bit):
 * the file system's key for it (device and inode on Linux) and a fingerprint of the bytes the hub has read from it,
 * up to a position: SHA-256 of its first {@value #SPAN} bytes and of the {@value #SPAN} bytes before the position.
 * The header and first lines carry the recording's first instants, the bytes before the position its last ones:
 * a log cut shorter, rewritten or replaced no longer has them where they were.
 */
public record LogIdentity(String fileKey, String fingerprint) {

    static final int SPAN = 1024;

    /** The identity of {@code file} up to {@code position}; the fingerprint is null when the file is shorter than that. */
    public static LogIdentity of(Path file, long position) {
        return new LogIdentity(fileKey(file), fingerprint(file, position));
    }

    /** The file system's key for the file (device and inode), or null where the file system has none, or it is gone. */
    public static String fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key == null ? null : key.toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + file, e);
        }
    }

    /** The fingerprint of the file's bytes before {@code position}, or null when it has fewer bytes (or is gone). */
    public static String fingerprint(Path file, long position) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return fingerprint(ch, position);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The fingerprint of the bytes before {@code position} of an open file, or null when it has fewer bytes. */
    static String fingerprint(FileChannel ch, long position) throws IOException {
        if (ch.size() < position) {
            return null;
        }
        return sha256(read(ch, 0, Math.min(position, SPAN))) + ":" + sha256(read(ch, Math.max(0, position - SPAN), position));
    }

    /** The bytes from..to of an open file, or null when it is shorter. */
    static byte[] bytes(FileChannel ch, long from, long to) throws IOException {
        return ch.size() < to ? null : read(ch, from, to);
    }

    private static byte[] read(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) < 0) {
                break;
            }
        }
        return buf.array();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
