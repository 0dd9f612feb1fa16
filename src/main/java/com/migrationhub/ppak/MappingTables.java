package com.migrationhub.ppak;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The mapping tables in {@code mappings/}. Lookups ignore case and surrounding spaces. {@link #refresh()}
 * (called once per chunk) re-reads a table whose file changed, so an operator's fix applies to the next
 * chunk without a restart, and row lookups never touch the disk.
 */
public final class MappingTables {

    /** One mapping: the canonical value and the INNERGY value for a PPak value. */
    public record Mapping(String canonical, String innergy) {
    }

    private record Table(FileTime modified, Map<String, Mapping> rows) {
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).get();

    private final Path folder;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    public MappingTables(Path folder) {
        this.folder = folder;
    }

    public Optional<Mapping> status(String ppakStatus) {
        return lookup("status_mapping.csv", "ppak_status", "canonical_status", "innergy_status", ppakStatus);
    }

    public Optional<Mapping> phase(String ppakPhase) {
        return lookup("phase_mapping.csv", "ppak_phase", "canonical_phase", "innergy_phase", ppakPhase);
    }

    public Optional<Mapping> material(String ppakSku) {
        return lookup("material_mapping.csv", "ppak_sku", "canonical_sku", "innergy_sku", ppakSku);
    }

    private Optional<Mapping> lookup(String file, String keyColumn, String canonicalColumn, String innergyColumn,
                                     String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(table(file, keyColumn, canonicalColumn, innergyColumn).get(normalise(value)));
    }

    private static final Map<String, String[]> COLUMNS = Map.of(
            "status_mapping.csv", new String[] {"ppak_status", "canonical_status", "innergy_status"},
            "phase_mapping.csv", new String[] {"ppak_phase", "canonical_phase", "innergy_phase"},
            "material_mapping.csv", new String[] {"ppak_sku", "canonical_sku", "innergy_sku"});

    /** Re-reads every table whose file changed since it was last read. */
    public MappingTables refresh() {
        COLUMNS.forEach((file, columns) -> {
            Path path = folder.resolve(file);
            FileTime modified = modified(path);
            Table current = tables.get(file);
            if (current == null || !current.modified().equals(modified)) {
                tables.put(file, new Table(modified, read(path, columns[0], columns[1], columns[2])));
            }
        });
        return this;
    }

    private Map<String, Mapping> table(String file, String keyColumn, String canonicalColumn, String innergyColumn) {
        Table current = tables.get(file);
        if (current == null) {
            refresh();
            current = tables.get(file);
        }
        return current.rows();
    }

    private static FileTime modified(Path path) {
        try {
            return Files.exists(path) ? Files.getLastModifiedTime(path) : FileTime.fromMillis(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Mapping> read(Path path, String keyColumn, String canonicalColumn, String innergyColumn) {
        Map<String, Mapping> rows = new HashMap<>();
        if (!Files.exists(path)) {
            return rows;
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (CSVRecord r : FORMAT.parse(reader)) {
                String key = get(r, keyColumn);
                if (key != null) {
                    rows.put(normalise(key), new Mapping(get(r, canonicalColumn), get(r, innergyColumn)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping table " + path, e);
        }
        return rows;
    }

    private static String get(CSVRecord r, String column) {
        if (!r.isMapped(column) || !r.isSet(column)) {
            return null;
        }
        String v = r.get(column).strip();
        return v.isEmpty() ? null : v;
    }

    static String normalise(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** The units PPak writes, in the canonical vocabulary. */
    static final Map<String, String> UNITS = Map.of(
            "ea", "each", "sht", "sheet", "lf", "lf", "gal", "gal", "pr", "pair", "bx", "box", "sf", "sqft", "ft", "ft");

    static Optional<String> unit(String ppakUnit) {
        return ppakUnit == null ? Optional.empty() : Optional.ofNullable(UNITS.get(normalise(ppakUnit)));
    }
}
