package com.migrationhub.ppak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * Whether an export's last field, read as quoted, was really closed. FastCSV ends an unclosed quote at
 * the end of the file silently (osiegmar/FastCSV#173), which would load a half-written export's last
 * row. Only a closed field makes the file end — before its last line breaks — with the value written
 * back as CSV (opening quote, the value with its quotes doubled, closing quote) right after a field or
 * line boundary: an open field's quotes all come in pairs, so it cannot end that way.
 */
final class QuotedTail {

    private static final int BLOCK = 4096;

    private QuotedTail() {
    }

    static boolean closes(Path file, Charset charset, String lastValue) {
        byte[] closed = ('"' + lastValue.replace("\"", "\"\"") + '"').getBytes(charset);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            int matched = 0;
            boolean inBreaks = true;
            boolean whole = false;
            byte[] block = new byte[BLOCK];
            for (long end = in.length(); end > 0; end -= BLOCK) {
                int n = (int) Math.min(BLOCK, end);
                in.seek(end - n);
                in.readFully(block, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (inBreaks && (block[i] == '\r' || block[i] == '\n')) {
                        continue;
                    }
                    inBreaks = false;
                    if (whole) {
                        return block[i] == ',' || block[i] == '\r' || block[i] == '\n';
                    }
                    if (block[i] != closed[closed.length - 1 - matched]) {
                        return false;
                    }
                    whole = ++matched == closed.length;
                }
            }
            return whole;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
