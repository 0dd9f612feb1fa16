package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How export bytes become text: UTF-8 with or without BOM, Windows-1252, or a clear refusal. */
class TextDecodingTest {

    @TempDir
    Path dir;

    private String decode(byte[] bytes) throws Exception {
        Path f = dir.resolve("f.csv");
        Files.write(f, bytes);
        try (Reader r = TextDecoding.open(f, TextDecoding.detect(f))) {
            StringBuilder sb = new StringBuilder();
            r.transferTo(new java.io.Writer() {
                public void write(char[] c, int o, int l) { sb.append(c, o, l); }
                public void flush() { }
                public void close() { }
            });
            return sb.toString();
        }
    }

    @Test
    void utf8WithBomLosesTheBom() throws Exception {
        byte[] body = "Job Id,Café\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertThat(decode(withBom)).isEqualTo("Job Id,Café\n");
    }

    @Test
    void windows1252IsRecognisedWhenTheBytesAreNotUtf8() throws Exception {
        assertThat(decode("Café Lumière, Façade\r\n".getBytes(TextDecoding.WINDOWS_1252))).isEqualTo("Café Lumière, Façade\r\n");
    }

    @Test
    void binaryContentAndEmptyFilesAreNamedAsSuch() throws Exception {
        Path bin = dir.resolve("bin.csv");
        Files.write(bin, new byte[] {0x50, 0x4b, 0x03, 0x04, 0x00, 0x01});
        assertThatThrownBy(() -> TextDecoding.detect(bin)).isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("undecodable bytes");
        Path blank = dir.resolve("blank.csv");
        Files.writeString(blank, " \r\n\r\n");
        assertThat(TextDecoding.detect(blank).empty()).isTrue();
    }

    @Test
    void aBomSettlesTheEncodingAStrayByteRejectsTheFileWithAPlainReason() throws Exception {
        byte[] sample;
        try (var in = TextDecodingTest.class.getResourceAsStream("/samples/ppak/projects_2024-01-15.csv")) {
            sample = in.readAllBytes();
        }
        assertThat(sample[0] & 0xFF).as("the sample starts with a BOM").isEqualTo(0xEF);
        long lines = new String(sample, StandardCharsets.UTF_8).lines().count();
        byte[] damaged = java.util.Arrays.copyOf(sample, sample.length + 1);
        damaged[sample.length] = (byte) 0xE9;
        Path f = dir.resolve("projects_2024-01-15.csv");
        Files.write(f, damaged);
        assertThatThrownBy(() -> TextDecoding.detect(f)).isInstanceOf(RejectedFileException.class)
                .hasMessage("undecodable bytes: the file starts with a UTF-8 byte-order mark but line "
                        + (sample[sample.length - 1] == '\n' ? lines + 1 : lines) + " is not valid UTF-8");
    }
}
