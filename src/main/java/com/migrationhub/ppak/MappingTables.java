package com.migrationhub.ppak;

import com.migrationhub.core.CsvTables;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapping tables in {@code mappings/}. Lookups ignore case and surrounding spaces. {@link #refresh()}
 * (called once per chunk) re-reads a table whose file changed, so an operator's fix applies to the next
 * chunk without a restart, and row lookups never touch the disk.
 */
public final class MappingTables {

    /** One mapping: the canonical value and the INNERGY value for a PPak value. */
    public record Mapping(String canonical, String innergy) {
    }

    /** One content of a mapping file, as read: its SHA-256 and text (kept per batch for lineage). */
    public record Version(String file, String sha256, String content) {
    }

    private record TableRows(FileTime modified, Map<String, Mapping> rows, Version version) {
    }

    private final Path folder;
    private final Map<String, TableRows> tables = new ConcurrentHashMap<>();

    public MappingTables(Path folder) {
        this.folder = folder;
    }

    /** The three tables: their file in {@code mappings/} and its key, canonical and INNERGY columns. */
    public enum Table {
        STATUS("status", "status_mapping.csv", "ppak_status", "canonical_status", "innergy_status"),
        PHASE("phase", "phase_mapping.csv", "ppak_phase", "canonical_phase", "innergy_phase"),
        MATERIAL("material", "material_mapping.csv", "ppak_sku", "canonical_sku", "innergy_sku");

        private final String kind;
        private final String file;
        private final String keyColumn;
        private final String canonicalColumn;
        private final String innergyColumn;

        Table(String kind, String file, String keyColumn, String canonicalColumn, String innergyColumn) {
            this.kind = kind;
            this.file = file;
            this.keyColumn = keyColumn;
            this.canonicalColumn = canonicalColumn;
            this.innergyColumn = innergyColumn;
        }

        public String kind() { return kind; }
        public String file() { return file; }
        public String keyColumn() { return keyColumn; }
        public String canonicalColumn() { return canonicalColumn; }
        public String innergyColumn() { return innergyColumn; }

        public static Optional<Table> ofKind(String kind) {
            return java.util.Arrays.stream(values()).filter(t -> t.kind.equals(kind)).findFirst();
        }
    }

    public Optional<Mapping> status(String ppakStatus) {
        return lookup(Table.STATUS, ppakStatus);
    }

    public Optional<Mapping> phase(String ppakPhase) {
        return lookup(Table.PHASE, ppakPhase);
    }

    public Optional<Mapping> material(String ppakSku) {
        return lookup(Table.MATERIAL, ppakSku);
    }

    public Optional<Mapping> lookup(Table table, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(table(table).get(normalise(value)));
    }

    /** Every mapping of a table, as the file has them now. */
    public java.util.Collection<Mapping> mappings(Table table) {
        refresh();
        return table(table).values();
    }

    /** The file a table is read from. */
    public Path file(Table table) {
        return folder.resolve(table.file());
    }

    /** Re-reads every table whose file changed since it was last read. */
    public MappingTables refresh() {
        for (Table t : Table.values()) {
            Path path = file(t);
            FileTime modified = modified(path);
            TableRows rows = tables.get(t.file());
            if (rows == null || !rows.modified().equals(modified)) {
                tables.put(t.file(), read(path, modified, t));
            }
        }
        return this;
    }

    private Map<String, Mapping> table(Table table) {
        return rows(table).rows();
    }

    private TableRows rows(Table table) {
        TableRows current = tables.get(table.file());
        if (current == null) {
            refresh();
            current = tables.get(table.file());
        }
        return current;
    }

    /** The content the table's lookups use now (as of the last refresh), or null when its file is missing. */
    public Version version(Table table) {
        return rows(table).version();
    }

    private static FileTime modified(Path path) {
        try {
            return Files.exists(path) ? Files.getLastModifiedTime(path) : FileTime.fromMillis(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TableRows read(Path path, FileTime modified, Table t) {
        if (!Files.exists(path)) {
            return new TableRows(modified, new LinkedHashMap<>(), null);
        }
        try {
            byte[] bytes = Files.readAllBytes(path);
            String content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new TableRows(modified, parse(content, t), new Version(t.file(), com.migrationhub.core.Hashing.sha256(bytes), content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping table " + path, e);
        }
    }

    /** The rows of one content of a table's file, by normalised key. */
    public static Map<String, Mapping> parse(String content, Table t) {
        Map<String, Mapping> rows = new LinkedHashMap<>();
        for (Map.Entry<String, Located> e : locate(content, t).entrySet()) {
            rows.put(e.getKey(), e.getValue().mapping());
        }
        return rows;
    }

    /** A mapping and the line of its file it is on (the header is line 1). */
    public record Located(Mapping mapping, long line) {
    }

    /** The rows of one content of a table's file with their line numbers, by normalised key (a later row wins). */
    public static Map<String, Located> locate(String content, Table t) {
        Map<String, Located> rows = new LinkedHashMap<>();
        try (Reader reader = new java.io.StringReader(content)) {
            CsvTables.Table table = CsvTables.read(reader, true);
            for (CsvTables.Row r : table.rows()) {
                String key = get(table, r, t.keyColumn());
                if (key != null) {
                    rows.put(normalise(key), new Located(new Mapping(get(table, r, t.canonicalColumn()),
                            get(table, r, t.innergyColumn())), r.line()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping table " + t.file(), e);
        }
        return rows;
    }

    private static String get(CsvTables.Table table, CsvTables.Row r, String column) {
        String v = table.get(r, column);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    public static String normalise(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** The units PPak writes, in the canonical vocabulary. */
    static final Map<String, String> UNITS = Map.of(
            "ea", "each", "sht", "sheet", "lf", "lf", "gal", "gal", "pr", "pair", "bx", "box", "sf", "sqft", "ft", "ft");

    static Optional<String> unit(String ppakUnit) {
        return ppakUnit == null ? Optional.empty() : Optional.ofNullable(UNITS.get(normalise(ppakUnit)));
    }
}
