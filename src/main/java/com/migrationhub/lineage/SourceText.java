package com.migrationhub.lineage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import com.migrationhub.core.LineIndex;

/**
 * Reads the exact original text back from an archived original: the CSV record that starts on a line (to its end,
 * across quoted line breaks), decoded with the charset its batch decoded it with, a UTF-8 byte-order mark dropped;
 * or a whole document. Streams the bytes up to the record: nothing is kept per row to find it.
 */
final class SourceText {

    private static final int BUFFER = 1 << 16;

    private SourceText() {
    }

    /** The record starting on {@code line} (1 = the first line), without its line break; null when the file is shorter. */
    static String record(Path file, long line, String charset, LineIndex.Checkpoint from) {
        return read(file, line, charset, true, from);
    }

    /** The physical line {@code line} (a JSON line: quotes do not join lines), or null when the file is shorter. */
    static String line(Path file, long line, String charset, LineIndex.Checkpoint from) {
        return read(file, line, charset, false, from);
    }

    /** Reads from {@code from} (a checkpoint at or before the line, or null: the start of the file). */
    private static String read(Path file, long line, String charset, boolean csv, LineIndex.Checkpoint from) {
        Charset cs = charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            long current = 1;
            boolean first = true;
            boolean afterCr = false;
            if (from != null && from.line() <= line) {
                in.skipNBytes(from.offset());
                current = from.line();
                first = false;
                afterCr = from.afterCr();
            }
            boolean pendingLf = false;
            int state = FIELD_START;
            ByteArrayOutputStream out = null;
            int n;
            while ((n = in.read(buf)) > 0) {
                int i = 0;
                if (first) {
                    first = false;
                    if (n >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                        i = 3;
                    }
                }
                if (out == null) {
                    // skip to the line: CR, LF and CR LF each end one (as the CSV reader counts them)
                    for (; i < n && current < line; i++) {
                        byte b = buf[i];
                        if (b == '\n') {
                            if (!afterCr) {
                                current++;
                            }
                            afterCr = false;
                        } else if (b == '\r') {
                            current++;
                            afterCr = true;
                        } else {
                            afterCr = false;
                        }
                    }
                    if (current < line) {
                        continue;
                    }
                    pendingLf = afterCr;
                    out = new ByteArrayOutputStream(256);
                }
                for (; i < n; i++) {
                    byte b = buf[i];
                    if (pendingLf) {
                        pendingLf = false;
                        if (b == '\n') {
                            continue; // the LF of the CR LF that ended the line before
                        }
                    }
                    if ((b == '\n' || b == '\r') && (state != QUOTED || !csv)) {
                        return out.toString(cs);
                    }
                    state = next(state, b);
                    out.write(b);
                }
            }
            return out == null ? null : out.toString(cs);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A whole document, decoded as UTF-8 (JSON documents are). */
    static String document(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    /** RFC 4180 as the CSV reader reads it: a quote opens a field only at its start; a doubled quote inside is one quote. */
    private static int next(int state, byte b) {
        return switch (state) {
            case FIELD_START -> b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
            case UNQUOTED -> b == ',' ? FIELD_START : UNQUOTED;
            case QUOTED -> b == '"' ? QUOTE_IN_QUOTED : QUOTED;
            default -> b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
        };
    }
}
