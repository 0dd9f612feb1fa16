package com.migrationhub.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import de.siegmar.fastcsv.writer.CsvWriter;

/**
 * {@code outbox/dead-letter/<flow>/<source>.rejected.csv}: the source header plus {@code _line} and
 * {@code _reason}, one row per reject, cells untouched. Written while the batch runs into a hidden
 * temporary file and put in place when the batch closes, so a crashed run leaves no half file.
 */
public final class RejectedRowsFile implements AutoCloseable {

    private final Path target;
    private final String name;
    private final Path tmp;
    private final List<String> header;
    private final boolean appending;
    private CsvWriter printer;
    private long rows;

    public RejectedRowsFile(Path folder, String sourceName, List<String> header) {
        this(folder, sourceName, header, false);
    }

    private RejectedRowsFile(Path folder, String sourceName, List<String> header, boolean appending) {
        this.name = AtomicFiles.safeName(sourceName);
        this.target = folder.resolve(name + ".rejected.csv");
        this.tmp = appending ? target : folder.resolve("." + name + ".rejected.csv.tmp");
        this.header = header;
        this.appending = appending;
    }

    /**
     * Rejects appended to the file a source already has: a log read block by block (a live run, a longer copy)
     * keeps the rejects of every earlier block. The header is written when the file is new.
     */
    public static RejectedRowsFile appending(Path folder, String sourceName, List<String> header) {
        return new RejectedRowsFile(folder, sourceName, header, true);
    }

    public void append(long line, List<String> cells, String reason) {
        try {
            if (printer == null) {
                Files.createDirectories(tmp.getParent());
                boolean fresh = !appending || !Files.exists(tmp) || Files.size(tmp) == 0;
                Writer w = appending
                        ? Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND)
                        : Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                printer = CsvTables.writer(w, "\r\n");
                if (fresh) {
                    List<String> columns = new ArrayList<>(header);
                    columns.add("_line");
                    columns.add("_reason");
                    printer.writeRecord(columns);
                }
            }
            List<String> values = new ArrayList<>(cells);
            values.add(Long.toString(line));
            values.add(reason);
            printer.writeRecord(values);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
    }

    public long rows() {
        return rows;
    }

    /**
     * Puts the file in place when it has rows; returns it, or null when nothing was rejected. An earlier file of
     * the same source (the same export name dropped again with other content) is never replaced: this one becomes
     * {@code <source>.rejected.2.csv}, {@code .3.csv}, ….
     */
    public Path commit() {
        close();
        if (rows == 0) {
            return null;
        }
        if (appending) {
            return target;
        }
        Path free = target;
        for (int n = 2; Files.exists(free); n++) {
            free = target.resolveSibling(name + ".rejected." + n + ".csv");
        }
        try {
            AtomicFiles.moveIntoPlace(tmp, free);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + free, e);
        }
        return free;
    }

    @Override
    public void close() {
        if (printer != null) {
            try {
                printer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            printer = null;
        }
    }

    public void discard() {
        close();
        if (appending) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
