package com.migrationhub.extruder;

import com.migrationhub.core.CountingInputStream;
import com.migrationhub.core.RejectedFileException;
import com.migrationhub.core.SourceRow;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * Streams a run log from a byte offset to an end offset in chunks of lines, so a 2,000,000-line log and a live
 * log's newest block are read the same way and memory stays flat. Opens the file read-only: a live log is
 * never locked, moved or written. The CSV library splits the cells; the translator judges them.
 */
public final class LogReader {

    private static final CsvReader.CsvReaderBuilder CSV = CsvReader.builder()
            .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true);
    private static final int BOM = 3;

    private final int chunkSize;

    public LogReader(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** The header cells, or an empty list for an empty file. A BOM is dropped. */
    public static List<String> header(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             CsvReader<CsvRecord> csv = CSV.ofCsvRecord(reader(ch, 0, Math.min(ch.size(), 64 * 1024), n -> { }))) {
            Iterator<CsvRecord> it = csv.iterator();
            return it.hasNext() ? it.next().getFields() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (CsvParseException e) {
            throw new RejectedFileException("unreadable log header: " + e.getMessage());
        }
    }

    /**
     * Where the complete lines end: just after the last line feed at or after {@code from}, else {@code from}.
     * A live log's trailing half-written line waits for the controller's next flush.
     */
    public static long completeLinesEnd(Path file, long from) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            for (long end = size; end > from; ) {
                long start = Math.max(from, end - buf.capacity());
                buf.clear().limit((int) (end - start));
                while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                    // fill the window
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        return start + i + 1;
                    }
                }
                end = start;
            }
            return from;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The chunks of one reading; the splitter closes the iterator when it is done. */
    public Chunks chunks(LogIngest ingest) {
        return new Chunks(ingest, chunkSize);
    }

    private static InputStreamReader reader(FileChannel ch, long from, long to, LongConsumer bytesRead) throws IOException {
        InputStream file = new CountingInputStream(Channels.newInputStream(ch.position(from)), bytesRead);
        InputStream in = new Bounded(new BufferedInputStream(file, 1 << 16), to - from);
        if (from == 0) {
            in.mark(BOM);
            byte[] head = in.readNBytes(BOM);
            if (!(head.length == BOM && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)) {
                in.reset();
            }
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    public static final class Chunks implements Iterator<LogChunk>, Closeable {
        private final LogIngest ingest;
        private final int size;
        private final FileChannel channel;
        private final CsvReader<CsvRecord> csv;
        private final Iterator<CsvRecord> records;
        private boolean failed;

        Chunks(LogIngest ingest, int size) {
            this.ingest = ingest;
            this.size = size;
            try {
                this.channel = FileChannel.open(ingest.file(), StandardOpenOption.READ);
                this.csv = CSV.ofCsvRecord(reader(channel, ingest.startOffset(), ingest.endOffset(),
                        ingest.batch() == null ? n -> { } : ingest.batch()::countRead));
                this.records = csv.iterator();
                if (ingest.startOffset() == 0 && records.hasNext()) {
                    records.next(); // the header, already checked when the ingest opened
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ingest.file(), e);
            }
        }

        @Override
        public boolean hasNext() {
            if (failed) {
                return false; // the splitter walks its parts again when it finishes: a failure is reported once
            }
            try {
                return records.hasNext();
            } catch (CsvParseException e) {
                failed = true;
                throw new RejectedFileException("unreadable log: " + e.getMessage());
            }
        }

        @Override
        public LogChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<SourceRow> rows = new ArrayList<>(size);
            while (rows.size() < size && hasNext()) {
                CsvRecord r = records.next();
                rows.add(new SourceRow(ingest.startLine() + r.getStartingLineNumber(), r.getFields()));
            }
            return new LogChunk(ingest, rows);
        }

        @Override
        public void close() {
            try {
                csv.close();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** At most {@code remaining} bytes of the underlying stream: a live log may grow while a block is read. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;
        private long marked;

        Bounded(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            marked = remaining;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            remaining = marked;
        }
    }
}
