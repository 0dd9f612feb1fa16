package com.migrationhub.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code outbox/dead-letter/<flow>/<source>.rejected.csv}: the source header plus {@code _line} and
 * {@code _reason}, one row per reject, cells untouched. Written while the batch runs into a hidden
 * temporary file and put in place when the batch closes, so a crashed run leaves no half file.
 */
public final class RejectedRowsFile implements AutoCloseable {

    private final Path target;
    private final Path tmp;
    private final List<String> header;
    private CSVPrinter printer;
    private long rows;

    public RejectedRowsFile(Path folder, String sourceName, List<String> header) {
        String name = AtomicFiles.safeName(sourceName) + ".rejected.csv";
        this.target = folder.resolve(name);
        this.tmp = folder.resolve("." + name + ".tmp");
        this.header = header;
    }

    public void append(long line, List<String> cells, String reason) {
        try {
            if (printer == null) {
                Files.createDirectories(tmp.getParent());
                Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                printer = new CSVPrinter(w, CSVFormat.RFC4180);
                List<String> columns = new ArrayList<>(header);
                columns.add("_line");
                columns.add("_reason");
                printer.printRecord(columns);
            }
            List<String> values = new ArrayList<>(cells);
            values.add(Long.toString(line));
            values.add(reason);
            printer.printRecord(values);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
    }

    public long rows() {
        return rows;
    }

    /** Puts the file in place when it has rows; returns it, or null when nothing was rejected. */
    public Path commit() {
        close();
        if (rows == 0) {
            return null;
        }
        try {
            AtomicFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target;
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
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
