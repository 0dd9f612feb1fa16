package com.migrationhub.ppak;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.RejectedFileException;
import com.migrationhub.core.SourceRow;
import com.migrationhub.core.TextDecoding;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifier;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams a PPak export as chunks of rows: the file is decoded (UTF-8 with or without BOM, or
 * Windows-1252), its header resolved, and its records handed out {@code chunkSize} at a time, so memory
 * stays flat whatever the file's size. Quoted commas, quotes and newlines are the CSV library's job; rows
 * of the wrong width are the translator's (so they are rejected one by one, not the whole file).
 */
public final class ExportReader {

    private static final CsvReader.CsvReaderBuilder CSV = CsvReader.builder()
            .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true);

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
        private final Path file;
        private final Charset charset;
        private final ExportName export;
        private final BatchRun batch;
        private final int size;
        private final CsvReader<CsvRecord> csv;
        private final Iterator<CsvRecord> records;
        private final Columns columns;
        private boolean lastFieldQuoted;
        private boolean failed;
        private long sequence;

        Chunks(Path file, ExportName export, BatchRun batch, int size) {
            this.file = file;
            this.export = export;
            this.batch = batch;
            this.size = size;
            TextDecoding.Detected detected = TextDecoding.detect(file);
            if (detected.empty()) {
                throw new RejectedFileException("empty file: no header and no rows");
            }
            this.charset = detected.charset();
            try {
                FieldModifier noteQuoting = new FieldModifier() {
                    @Override
                    public String modify(long line, int index, boolean quoted, String field) {
                        lastFieldQuoted = quoted;
                        return field;
                    }
                };
                this.csv = CSV.build(CsvRecordHandler.builder().fieldModifier(noteQuoting).build(),
                        TextDecoding.open(file, detected, batch == null ? n -> { } : batch::countRead));
                this.records = csv.iterator();
                CsvRecord header = nextRecord();
                this.columns = Columns.resolve(export.kind(), header.getFields());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        @Override
        public boolean hasNext() {
            // Once reading failed there is nothing more: the splitter walks its parts again when it finishes (to
            // release them), and a reader that threw the same failure again was logged as "Error releasing exchange".
            if (failed) {
                return false;
            }
            try {
                return records.hasNext();
            } catch (CsvParseException | UncheckedIOException e) {
                throw malformed(e);
            }
        }

        @Override
        public RowChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<SourceRow> rows = new ArrayList<>(size);
            while (rows.size() < size && hasNext()) {
                CsvRecord record = nextRecord();
                rows.add(new SourceRow(record.getStartingLineNumber(), record.getFields()));
            }
            return new RowChunk(batch, export, columns, rows, sequence++);
        }

        /** The next record; the last one of the file is checked for a quote that never closes. */
        private CsvRecord nextRecord() {
            try {
                CsvRecord record = records.next();
                if (lastFieldQuoted && !records.hasNext()) {
                    String last = record.getField(record.getFieldCount() - 1);
                    if (!QuotedTail.closes(file, charset, last)) {
                        failed = true;
                        throw new RejectedFileException("malformed CSV: the quoted field on line "
                                + record.getStartingLineNumber() + " is never closed (a half-written file?)");
                    }
                }
                return record;
            } catch (CsvParseException | UncheckedIOException e) {
                throw malformed(e);
            }
        }

        private RejectedFileException malformed(RuntimeException e) {
            failed = true;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // The CSV library says "Exception when reading record that started in line N": a plain sentence instead.
            String what = String.valueOf(e.getMessage())
                    .replaceFirst("^Exception when reading record that started in line (\\d+)", "the record starting on line $1 cannot be read");
            return new RejectedFileException("malformed CSV: " + what + (cause != e ? " (" + cause.getMessage() + ")" : ""));
        }

        @Override
        public void close() {
            try {
                csv.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
