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
             CsvReader<CsvRecord> csv = CSV.ofCsvRecord(reader(ch, 0, Math.min(ch.size(), 64 * 1024), n -> { }, null))) {
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

    private static InputStreamReader reader(FileChannel ch, long from, long to, LongConsumer bytesRead, Tail tail) throws IOException {
        InputStream file = new CountingInputStream(Channels.newInputStream(ch.position(from)), bytesRead);
        InputStream in = new Bounded(new BufferedInputStream(file, 1 << 16), to - from);
        if (from == 0) {
            in.mark(BOM);
            byte[] head = in.readNBytes(BOM);
            if (!(head.length == BOM && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)) {
                in.reset();
            }
        }
        if (tail != null) {
            in = tail.over(in);
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
        /** A live log's reading keeps its last bytes, to tell whether the file still holds them when it is done. */
        private final Tail tail;
        private final String fileKey;
        private final boolean changedBefore;

        Chunks(LogIngest ingest, int size) {
            this.ingest = ingest;
            this.size = size;
            this.tail = ingest.live() ? new Tail() : null;
            try {
                this.channel = FileChannel.open(ingest.file(), StandardOpenOption.READ);
                this.fileKey = LogIdentity.fileKey(ingest.file());
                // a live log is read on only while the file open here still holds what its run read up to the start
                RunRecord run = ingest.run();
                this.changedBefore = ingest.live() && run != null && run.fingerprint() != null
                        && !run.fingerprint().equals(LogIdentity.fingerprint(channel, ingest.startOffset()));
                this.csv = CSV.ofCsvRecord(reader(channel, ingest.startOffset(), changedBefore ? ingest.startOffset()
                        : ingest.endOffset(), ingest.batch() == null ? n -> { } : ingest.batch()::countRead, tail));
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
                long end = ingest.endOffset();
                byte[] read = tail == null ? null : tail.bytes();
                boolean same = changedBefore || read == null
                        || java.util.Arrays.equals(read, LogIdentity.bytes(channel, end - read.length, end));
                ingest.read(new LogIdentity(fileKey, same ? LogIdentity.fingerprint(channel, end) : null), changedBefore);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ingest.file(), e);
            }
            try {
                csv.close();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The last {@value LogIdentity#SPAN} bytes a reading consumed, as it read them: after the block they are compared
     * with the file, so a log rewritten while its block was being read is not fingerprinted from its new content.
     */
    private static final class Tail extends FilterInputStream {
        private final byte[] ring = new byte[LogIdentity.SPAN];
        private int next;
        private long count;

        Tail() {
            super(null);
        }

        Tail over(InputStream source) {
            this.in = source;
            return this;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                keep(b, off, n);
            }
            return n;
        }

        /** Only the last {@code SPAN} bytes of what passes are copied: a large log reads at the same speed. */
        private void keep(byte[] b, int off, int n) {
            count += n;
            if (n >= ring.length) {
                System.arraycopy(b, off + n - ring.length, ring, 0, ring.length);
                next = 0;
                return;
            }
            int first = Math.min(n, ring.length - next);
            System.arraycopy(b, off, ring, next, first);
            System.arraycopy(b, off + first, ring, 0, n - first);
            next = (next + n) % ring.length;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        byte[] bytes() {
            int n = (int) Math.min(count, ring.length);
            byte[] out = new byte[n];
            int start = (next - n + ring.length) % ring.length;
            int first = Math.min(n, ring.length - start);
            System.arraycopy(ring, start, out, 0, first);
            System.arraycopy(ring, 0, out, first, n - first);
            return out;
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
