package com.migrationhub.core;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small CSV files beside the exports — mapping tables, the material master, rejected rows — read as a header
 * and its rows, and written, with FastCSV. Reading and quoting follow RFC 4180 the way these files have always
 * been read and written here, so existing files keep their meaning and new ones their bytes.
 */
public final class CsvTables {

    /**
     * Quotes what RFC 4180 needs (FastCSV does that itself) and also an empty first value (a lone empty value would
     * be an empty line), a value that starts with a character up to {@code #} or ends with one up to a space (so
     * no reader takes it for a comment or trims it).
     */
    private static final QuoteStrategy QUOTING = new QuoteStrategy() {
        @Override
        public boolean quoteEmpty(int lineNo, int fieldIdx) {
            return fieldIdx == 0;
        }

        @Override
        public boolean quoteValue(int lineNo, int fieldIdx, String value) {
            return value.charAt(0) <= '#' || value.charAt(value.length() - 1) <= ' ';
        }
    };

    private CsvTables() {
    }

    /** A writer of records ending in {@code lineBreak}; closing it closes {@code out}. */
    public static CsvWriter writer(Writer out, String lineBreak) {
        return CsvWriter.builder().quoteStrategy(QUOTING).lineDelimiter(LineDelimiter.of(lineBreak)).build(out);
    }

    /** One data row: its number among the data rows (from 1), its values, each trimmed, and the file line it starts on. */
    public record Row(long number, List<String> values, long line) {
    }

    /** The header's names (trimmed) and the rows under it. */
    public record Table(List<String> header, List<Row> rows) {

        /** A column's value in a row: null when the header has no such column or the row is too short for it. */
        public String get(Row row, String column) {
            Integer index = indexOf().get(column);
            return index == null || index >= row.values().size() ? null : row.values().get(index);
        }

        public boolean hasColumn(String column) {
            return indexOf().containsKey(column);
        }

        private Map<String, Integer> indexOf() {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.put(header.get(i), i); // a repeated name: its last column
            }
            return index;
        }
    }

    /**
     * Reads a header and its rows; with {@code skipEmptyLines} an empty line is no row. A header with an empty name
     * is refused.
     */
    public static Table read(Reader reader, boolean skipEmptyLines) throws IOException {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true)
                .skipEmptyLines(skipEmptyLines).ofCsvRecord(reader)) {
            for (CsvRecord record : csv) {
                List<String> values = new ArrayList<>(record.getFieldCount());
                for (String field : record.getFields()) {
                    values.add(field.trim());
                }
                if (header == null) {
                    if (values.stream().anyMatch(String::isEmpty)) {
                        throw new IllegalArgumentException("A header name is missing in " + Arrays.toString(values.toArray()));
                    }
                    header = List.copyOf(values);
                } else {
                    rows.add(new Row(rows.size() + 1L, values, record.getStartingLineNumber()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Table(header == null ? List.of() : header, rows);
    }
}
