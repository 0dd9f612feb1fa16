package com.migrationhub.core;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides how an export's bytes become text: UTF-8 (a BOM is dropped), or Windows-1252 when the bytes
 * are not valid UTF-8, as legacy exports often are. Binary content is refused. One streaming pass.
 */
public final class TextDecoding {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    public record Detected(Charset charset, boolean bom, boolean empty) {
    }

    private TextDecoding() {
    }

    public static Detected detect(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            in.mark(3);
            byte[] head = in.readNBytes(3);
            boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
            if (!bom) {
                in.reset();
            }
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
            CharBuffer chars = CharBuffer.allocate(64 * 1024);
            boolean validUtf8 = true;
            boolean cp1252Undefined = false;
            boolean sawContent = false;
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buf[i] & 0xFF;
                    if (b == 0) {
                        throw new RejectedFileException("undecodable bytes: NUL byte found, this is not a text export");
                    }
                    if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) {
                        cp1252Undefined = true;
                    }
                    if (!sawContent && !Character.isWhitespace(b)) {
                        sawContent = true;
                    }
                }
                if (validUtf8) {
                    bytes.put(buf, 0, n).flip();
                    CoderResult r = utf8.decode(bytes, chars.clear(), false);
                    if (r.isError()) {
                        validUtf8 = false;
                    }
                    bytes.compact();
                }
            }
            if (validUtf8) {
                bytes.flip();
                if (utf8.decode(bytes, chars.clear(), true).isError() || utf8.flush(chars).isError()) {
                    validUtf8 = false;
                }
            }
            if (validUtf8) {
                return new Detected(StandardCharsets.UTF_8, bom, !sawContent);
            }
            if (bom) {
                // A byte-order mark settles the encoding: the bytes that are not UTF-8 are damage, not Windows-1252.
                throw new RejectedFileException("undecodable bytes: the file starts with a UTF-8 byte-order mark but line "
                        + firstUndecodableLine(file) + " is not valid UTF-8");
            }
            if (cp1252Undefined) {
                throw new RejectedFileException("undecodable bytes: neither UTF-8 nor Windows-1252");
            }
            return new Detected(WINDOWS_1252, false, !sawContent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long firstUndecodableLine(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line.toByteArray()));
                    } catch (java.nio.charset.CharacterCodingException e) {
                        return number;
                    }
                    if (b < 0) {
                        return number;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        }
    }

    /** A reader positioned after any BOM. */
    public static Reader open(Path file, Detected detected) throws IOException {
        return open(file, detected, n -> { });
    }

    /** The same, handing the bytes read from the file to {@code bytesRead} as it goes. */
    public static Reader open(Path file, Detected detected, java.util.function.LongConsumer bytesRead) throws IOException {
        InputStream in = new CountingInputStream(Files.newInputStream(file), bytesRead);
        if (detected.bom()) {
            in.skipNBytes(3);
        }
        return new InputStreamReader(new BufferedInputStream(in, 64 * 1024), detected.charset());
    }

    /** Whether the file holds a NUL byte: no text format the hub reads has one, a binary file nearly always does. */
    public static boolean hasNul(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == 0) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One line of a UTF-8 text file: its text (undecodable bytes as U+FFFD) and whether it had any. */
    public record Line(String text, boolean undecodable) {
    }

    /** Reads a UTF-8 file line by line (LF or CRLF), each line decoded on its own: one bad line spoils only itself. */
    public static Lines lines(Path file) throws IOException {
        return new Lines(new BufferedInputStream(Files.newInputStream(file), 64 * 1024));
    }

    public static final class Lines implements java.io.Closeable {
        private final InputStream in;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        private Lines(InputStream in) {
            this.in = in;
        }

        /** The next line, or null at the end. */
        public Line next() throws IOException {
            line.reset();
            int b = in.read();
            if (b < 0) {
                return null;
            }
            for (; b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                return new Line(strict.decode(ByteBuffer.wrap(bytes, 0, length)).toString(), false);
            } catch (java.nio.charset.CharacterCodingException e) {
                return new Line(new String(bytes, 0, length, StandardCharsets.UTF_8), true);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
