package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.RejectedFileException;
import com.migrationhub.core.SourceRow;
import com.migrationhub.core.TextDecoding;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a PPak export as chunks of rows: the file is decoded (UTF-8 with or without BOM, or
 * Windows-1252), its header resolved, and its records handed out {@code chunkSize} at a time, so memory
 * stays flat whatever the file's size. Quoted commas, quotes and newlines are the CSV library's job.
 */
public final class ExportReader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final int chunkSize;

    public ExportReader(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** The chunks of one export; the splitter closes the iterator when it is done. */
    public Chunks chunks(File file, BatchRun batch) {
        ExportName export = ExportName.parse(file.getName())
                .orElseThrow(() -> new RejectedFileException("unknown export name: " + file.getName()
                        + " (expected projects_, materials_ or work_orders_YYYY-MM-DD.csv)"));
        return new Chunks(file.toPath(), export, batch, chunkSize);
    }

    /** Counts the data rows without interpreting them, for a duplicate file's report. */
    public long countRows(File file) {
        try (Chunks chunks = new Chunks(file.toPath(), ExportName.parse(file.getName()).orElseThrow(), null, chunkSize)) {
            long n = 0;
            while (chunks.hasNext()) {
                n += chunks.next().rows().size();
            }
            return n;
        }
    }

    public static final class Chunks implements Iterator<RowChunk>, Closeable {
        private final ExportName export;
        private final BatchRun batch;
        private final int size;
        private final Reader reader;
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final Columns columns;
        private long nextLine;
        private long sequence;

        Chunks(Path file, ExportName export, BatchRun batch, int size) {
            this.export = export;
            this.batch = batch;
            this.size = size;
            TextDecoding.Detected detected = TextDecoding.detect(file);
            if (detected.empty()) {
                throw new RejectedFileException("empty file: no header and no rows");
            }
            try {
                this.reader = TextDecoding.open(file, detected);
                this.parser = CSVParser.parse(reader, FORMAT);
                this.records = parser.iterator();
                CSVRecord header = records.next();
                this.columns = Columns.resolve(export.kind(), header.toList());
                this.nextLine = parser.getCurrentLineNumber() + 1;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (UncheckedIOException e) {
                throw new RejectedFileException("not a readable CSV file: " + e.getCause().getMessage());
            }
        }

        @Override
        public boolean hasNext() {
            try {
                return records.hasNext();
            } catch (UncheckedIOException e) {
                throw new RejectedFileException("malformed CSV after line " + nextLine + ": " + e.getCause().getMessage());
            }
        }

        @Override
        public RowChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<SourceRow> rows = new ArrayList<>(size);
            try {
                while (rows.size() < size && records.hasNext()) {
                    CSVRecord record = records.next();
                    rows.add(new SourceRow(nextLine, record.toList()));
                    nextLine = parser.getCurrentLineNumber() + 1;
                }
            } catch (UncheckedIOException e) {
                throw new RejectedFileException("malformed CSV after line " + nextLine + ": " + e.getCause().getMessage());
            }
            return new RowChunk(batch, export, columns, rows, sequence++);
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
