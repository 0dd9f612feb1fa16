package com.migrationhub.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sparse index of an archived text original's physical lines: where every {@value #EVERY}th line starts (CR, LF and
 * CR LF each end a line, as the CSV reader counts them). Lineage reads a line back from the nearest checkpoint instead
 * of from the start of a large export; a few hundred rows per million lines, written once per batch.
 */
public final class LineIndex {

    public static final int EVERY = 8192;

    /** Line {@code line} starts at byte {@code offset}; {@code afterCr}: the byte before it is a CR (a LF next is no line). */
    public record Checkpoint(long line, long offset, boolean afterCr) {
    }

    private LineIndex() {
    }

    public static List<Checkpoint> scan(Path file) {
        List<Checkpoint> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long line = 1;
            long position = 0;
            boolean afterCr = false;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    boolean ends;
                    if (b == '\n') {
                        ends = !afterCr;
                        afterCr = false;
                    } else if (b == '\r') {
                        ends = true;
                        afterCr = true;
                    } else {
                        ends = false;
                        afterCr = false;
                    }
                    if (ends) {
                        line++;
                        if (line % EVERY == 0) {
                            out.add(new Checkpoint(line, position + i + 1, b == '\r'));
                        }
                    }
                }
                position += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}
