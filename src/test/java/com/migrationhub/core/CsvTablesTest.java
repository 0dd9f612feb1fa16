package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mapping tables, the master library and rejected rows keep the bytes and meaning they had under commons-csv's
 * RFC4180 format (checked against it when the hub moved to FastCSV alone).
 */
class CsvTablesTest {

    private static String write(String lineBreak, List<List<String>> records) throws Exception {
        StringWriter out = new StringWriter();
        try (var csv = CsvTables.writer(out, lineBreak)) {
            records.forEach(csv::writeRecord);
        }
        return out.toString();
    }

    @Test
    void quotesWhatNeedsItAndAnEmptyFirstValueALeadingMarkOrTrailingBlank() throws Exception {
        String csv = write("\r\n", List.of(
                List.of("Job Id", "_line", "_reason"),
                List.of("", "x", ""),
                List.of(" lead", "trail ", "#h"),
                List.of("q\"uote", "com,ma", "new\nline"),
                List.of("3/4\" ply", "=1", "$3")));
        assertThat(csv).isEqualTo("Job Id,_line,_reason\r\n"
                + "\"\",x,\r\n"
                + "\" lead\",\"trail \",\"#h\"\r\n"
                + "\"q\"\"uote\",\"com,ma\",\"new\nline\"\r\n"
                + "\"3/4\"\" ply\",=1,$3\r\n");
    }

    @Test
    void endsRecordsWithTheGivenLineBreak() throws Exception {
        assertThat(write("\n", List.of(List.of("a", "b"), List.of("1", "2")))).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void readsTrimmedValuesUnderTheHeaderNumberingDataRowsNotLines() throws Exception {
        CsvTables.Table table = CsvTables.read(new StringReader(" sku , name \r\n\r\n\"A-1\",\" two\nlines \"\r\nB-2\r\n"), true);
        assertThat(table.header()).containsExactly("sku", "name");
        assertThat(table.rows()).extracting(CsvTables.Row::number).containsExactly(1L, 2L);
        assertThat(table.get(table.rows().get(0), "name")).isEqualTo("two\nlines");
        assertThat(table.get(table.rows().get(1), "name")).as("a short row has no value there").isNull();
        assertThat(table.get(table.rows().get(1), "cost")).as("no such column").isNull();
    }

    @Test
    void refusesAHeaderWithAnEmptyName() {
        assertThatThrownBy(() -> CsvTables.read(new StringReader("a,,b\n1,2,3\n"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A header name is missing in [a, , b]");
    }
}
