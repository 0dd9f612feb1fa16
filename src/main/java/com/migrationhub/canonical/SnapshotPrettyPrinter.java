package com.migrationhub.canonical;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.Instantiatable;
import java.io.IOException;

/**
 * The exact layout of Jackson's {@code DefaultPrettyPrinter} (objects one field per line, two-space
 * indents, {@code " : "}, arrays inline as {@code [ a, b ]}), written from pre-encoded fragments. The
 * default printer re-encodes each separator and indent string on every field, which made the pretty
 * canonical snapshot cost twice the compact payload (bench/ppak).
 */
final class SnapshotPrettyPrinter implements PrettyPrinter, Instantiatable<SnapshotPrettyPrinter> {

    private static final int MAX_CACHED_DEPTH = 16;
    private static final SerializedString[] NEWLINE_INDENTS = new SerializedString[MAX_CACHED_DEPTH];
    private static final SerializedString[] COMMA_NEWLINE_INDENTS = new SerializedString[MAX_CACHED_DEPTH];
    private static final SerializedString FIELD_VALUE = new SerializedString(" : ");
    private static final SerializedString ARRAY_SEPARATOR = new SerializedString(", ");

    static {
        for (int depth = 0; depth < MAX_CACHED_DEPTH; depth++) {
            String indent = "\n" + "  ".repeat(depth);
            NEWLINE_INDENTS[depth] = new SerializedString(indent);
            COMMA_NEWLINE_INDENTS[depth] = new SerializedString("," + indent);
        }
    }

    private int nesting;

    @Override
    public SnapshotPrettyPrinter createInstance() {
        return new SnapshotPrettyPrinter();
    }

    private static SerializedString indent(SerializedString[] cache, String prefix, int depth) {
        return depth < MAX_CACHED_DEPTH ? cache[depth] : new SerializedString(prefix + "\n" + "  ".repeat(depth));
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(' ');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        nesting++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        g.writeRaw(indent(NEWLINE_INDENTS, "", nesting));
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(FIELD_VALUE);
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(indent(COMMA_NEWLINE_INDENTS, ",", nesting));
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        nesting--;
        if (entries > 0) {
            g.writeRaw(indent(NEWLINE_INDENTS, "", nesting));
        } else {
            g.writeRaw(' ');
        }
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        g.writeRaw(' ');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(ARRAY_SEPARATOR);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        g.writeRaw(' ');
        g.writeRaw(']');
    }
}
