package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.migrationhub.core.RejectedFileException;
import com.migrationhub.core.SourceRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows, their starting lines and cells as a user wrote them; a quote left open at the end rejects the file. */
class ExportReaderTest {

    private static final String HEADER = "Job Id,Job Number,Description\r\n";

    @TempDir
    Path dir;

    private List<SourceRow> read(String body) throws Exception {
        Path file = dir.resolve("projects_2024-01-15.csv");
        Files.writeString(file, HEADER + body, StandardCharsets.UTF_8);
        List<SourceRow> rows = new ArrayList<>();
        try (ExportReader.Chunks chunks = new ExportReader(2).chunks(file.toFile(), null)) {
            chunks.forEachRemaining(c -> rows.addAll(c.rows()));
        }
        return rows;
    }

    private static String lastCell(List<SourceRow> rows) {
        List<String> cells = rows.get(rows.size() - 1).cells();
        return cells.get(cells.size() - 1);
    }

    @Test
    void rowsKeepTheLineTheyStartOnAcrossQuotedLineBreaksAndBlankLines() throws Exception {
        List<SourceRow> rows = read("1,J-1,\"two\r\nlines, \"\"quoted\"\"\"\r\n\r\n2,J-2,plain\r\n3,J-3,3/4\" ply\r\n\r\n");
        assertThat(rows).extracting(SourceRow::line).containsExactly(2L, 5L, 6L);
        assertThat(rows.get(0).cells()).containsExactly("1", "J-1", "two\r\nlines, \"quoted\"");
        assertThat(lastCell(rows)).isEqualTo("3/4\" ply");
    }

    @Test
    void closedQuotedLastFieldsAreReadWhateverTheyEndWith() throws Exception {
        assertThat(lastCell(read("1,J-1,\"ends with a quote \"\"\""))).isEqualTo("ends with a quote \"");
        assertThat(lastCell(read("1,J-1,\"ends with a break\n\"\r\n\r\n"))).isEqualTo("ends with a break\n");
        assertThat(lastCell(read("1,J-1,\"\"\"\"\n"))).isEqualTo("\"");
        assertThat(lastCell(read("1,J-1,\"\""))).isEmpty();
    }

    @Test
    void aQuoteLeftOpenAtTheEndRejectsTheWholeFile() {
        for (String halfWritten : List.of("1,J-1,\"never closed", "1,J-1,\"never closed\r\n", "1,J-1,\"\r\n",
                "1,J-1,\"a doubled quote \"\"", "1,J-1,\"\"\"", "1,J-1,\"")) {
            assertThatThrownBy(() -> read(halfWritten)).as(halfWritten)
                    .isInstanceOf(RejectedFileException.class).hasMessageContaining("malformed CSV")
                    .hasMessageContaining("line 2 is never closed");
        }
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() {
        assertThatThrownBy(() -> read("1,J-1,\"closed\"then more\r\n2,J-2,x\r\n"))
                .isInstanceOf(RejectedFileException.class).hasMessageContaining("malformed CSV");
    }
}
