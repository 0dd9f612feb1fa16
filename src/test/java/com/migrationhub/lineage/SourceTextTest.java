package com.migrationhub.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.migrationhub.core.LineIndex;
import com.migrationhub.core.TextDecoding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original text read back as the batch read it: every line ending (LF, CR LF, a lone CR), a record whose quoted
 * cell holds line breaks, a BOM, Windows-1252, a quote inside an unquoted cell; from the start and from the line index.
 */
class SourceTextTest {

    @TempDir
    Path dir;

    /** Writes records with rotating line endings; returns each record's text by its starting physical line. */
    static List<Object[]> write(Path file, int records, Charset charset, boolean bom) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bom) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        String[] endings = {"\n", "\r\n", "\r"};
        List<Object[]> expected = new ArrayList<>();
        long line = 1;
        for (int i = 0; i < records; i++) {
            String record = switch (i % 5) {
                case 0 -> i + ",Café Lumière,\"a, b\"";
                case 1 -> i + ",\"two\r\nlines, \"\"quoted\"\"\",x";
                case 2 -> i + ",5\" drawer,plain";
                case 3 -> i + ",\"ends\nwith\rbreaks\"";
                default -> i + ",,";
            };
            expected.add(new Object[] {line, record});
            out.write(record.getBytes(charset));
            out.write(endings[i % 3].getBytes(charset));
            line += record.chars().filter(c -> c == '\n').count() + record.chars().filter(c -> c == '\r').count()
                    - countCrLf(record) + 1;
        }
        Files.write(file, out.toByteArray());
        return expected;
    }

    static long countCrLf(String s) {
        return s.split("\r\n", -1).length - 1;
    }

    @Test
    void everyRecordReadsBackExactlyFromTheStartAndFromTheIndex() throws Exception {
        for (Charset charset : List.of(StandardCharsets.UTF_8, TextDecoding.WINDOWS_1252)) {
            Path file = dir.resolve("export_" + charset.name() + ".csv");
            List<Object[]> expected = write(file, 12_000, charset, charset == StandardCharsets.UTF_8);
            List<LineIndex.Checkpoint> index = LineIndex.scan(file);
            assertThat(index).isNotEmpty();
            for (int i = 0; i < expected.size(); i += (i < 20 ? 1 : 997)) {
                long line = (long) expected.get(i)[0];
                String text = (String) expected.get(i)[1];
                LineIndex.Checkpoint from = index.stream().filter(p -> p.line() <= line).reduce((a, b) -> b).orElse(null);
                assertThat(SourceText.record(file, line, charset.name(), null)).as("line %d", line).isEqualTo(text);
                assertThat(SourceText.record(file, line, charset.name(), from)).as("line %d from %s", line, from).isEqualTo(text);
            }
            assertThat(SourceText.record(file, 1_000_000, charset.name(), null)).isNull();
        }
    }

    @Test
    void aJsonLineIsOneLineWhateverItsQuotes() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"a\":\"x\\\"\",\"b\":1}\n{\"c\":\"\\\"\"}\r\n{\"d\":2}");
        assertThat(SourceText.line(file, 1, "UTF-8", null)).isEqualTo("{\"a\":\"x\\\"\",\"b\":1}");
        assertThat(SourceText.line(file, 2, "UTF-8", null)).isEqualTo("{\"c\":\"\\\"\"}");
        assertThat(SourceText.line(file, 3, "UTF-8", null)).isEqualTo("{\"d\":2}");
        assertThat(SourceText.line(dir.resolve("gone.jsonl"), 1, "UTF-8", null)).isNull();
    }
}
