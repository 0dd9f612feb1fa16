package com.migrationhub.ppak;

import com.migrationhub.core.CsvTables;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fix a mapping and redrive: for a PPak reject whose reason is an unmapped status, phase or material code, the
 * mapping row to add (its canonical value one the file already uses); adding it appends that row to the home's
 * {@code mappings/*.csv} atomically, keeping every existing line, and names the dead letters that carry the value.
 */
public final class MappingFix {

    private static final Logger LOG = LoggerFactory.getLogger(MappingFix.class);
    /** The reason {@link MappingEnricher} gives, e.g. {@code status `In Review` unmapped (add it to status_mapping.csv)}. */
    private static final Pattern UNMAPPED = Pattern.compile("^(status|phase|material) `(.+)` unmapped\\b.*", Pattern.DOTALL);
    private static final int MAX_VALUE = 100;
    private static final int MAX_NOTE = 200;

    private final MappingTables tables;
    private final DeadLetters deadLetters;
    private final Path auditLog;

    public MappingFix(MappingTables tables, DeadLetters deadLetters, Path auditLog) {
        this.tables = tables;
        this.deadLetters = deadLetters;
        this.auditLog = auditLog;
    }

    /** The unmapped value a reject's reason names, if it names one. */
    public record Unmapped(MappingTables.Table table, String value) {

        static Optional<Unmapped> of(String flow, String reason) {
            if (!"ppak".equals(flow) || reason == null) {
                return Optional.empty();
            }
            Matcher m = UNMAPPED.matcher(reason);
            return m.matches() ? MappingTables.Table.ofKind(m.group(1)).map(t -> new Unmapped(t, m.group(2))) : Optional.empty();
        }
    }

    /** Content enricher for {@code GET /api/dead-letters/{id}}: adds {@code fix}, the mapping row to offer, when there is one. */
    public Map<String, Object> offer(Map<String, Object> deadLetter) {
        Optional<Unmapped> unmapped = Unmapped.of((String) deadLetter.get("flow"), (String) deadLetter.get("reason"));
        if (unmapped.isEmpty() || deadLetter.get("replayed") != null) {
            return deadLetter;
        }
        MappingTables.Table t = unmapped.get().table();
        Map<String, Object> fix = new LinkedHashMap<>();
        fix.put("kind", t.kind());
        fix.put("value", unmapped.get().value());
        fix.put("file", t.file());
        fix.put("choices", choices(t));
        fix.put("dead_letters_carrying", carrying(t, unmapped.get().value()).size());
        Map<String, Object> out = new LinkedHashMap<>(deadLetter);
        out.put("fix", fix);
        return out;
    }

    /** The canonical values the file already uses, each with the INNERGY value its first row pairs it with. */
    public List<Map<String, String>> choices(MappingTables.Table table) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (MappingTables.Mapping m : tables.mappings(table)) {
            if (m.canonical() != null) {
                pairs.putIfAbsent(m.canonical(), m.innergy());
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        pairs.forEach((canonical, innergy) -> {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("canonical", canonical);
            c.put("innergy", innergy);
            out.add(c);
        });
        return out;
    }

    /** A mapping row as added: for the answer and the audit log. */
    public record Added(String kind, String file, String value, String canonical, String innergy, String notes, String operator,
                        String at) {
    }

    /**
     * Validates and appends {@code {"value", "canonical", "innergy"?, "notes"?, "operator"?}} to the kind's table.
     * The canonical value (and INNERGY value, when given) must be one the file already uses; no value may hold a line
     * break or other control character, start like a spreadsheet formula, or be already mapped.
     */
    public synchronized Added add(String kind, Map<String, Object> request) {
        MappingTables.Table table = MappingTables.Table.ofKind(kind == null ? "" : kind).orElseThrow(() ->
                new com.migrationhub.core.BadRequestException("unknown mapping '" + kind + "' (one of status, phase, material)"));
        if (request == null) {
            throw new com.migrationhub.core.BadRequestException("the request needs \"value\" and \"canonical\"");
        }
        String value = text(request, "value", MAX_VALUE, true);
        String canonical = text(request, "canonical", MAX_VALUE, true);
        String innergy = text(request, "innergy", MAX_VALUE, false);
        String notes = text(request, "notes", MAX_NOTE, false);
        String operator = Optional.ofNullable(text(request, "operator", 80, false)).orElse("console");
        tables.lookup(table, value).ifPresent(m -> {
            throw new com.migrationhub.core.BadRequestException(table.kind() + " `" + value + "` is already mapped to " + m.canonical());
        });
        List<Map<String, String>> choices = choices(table);
        Map<String, String> chosen = choices.stream().filter(c -> c.get("canonical").equals(canonical)).findFirst().orElseThrow(() ->
                new com.migrationhub.core.BadRequestException("canonical " + table.kind() + " '" + canonical + "' is not one " + table.file()
                        + " uses (one of " + choices.stream().map(c -> c.get("canonical")).toList() + ")"));
        Set<String> innergyValues = new LinkedHashSet<>();
        tables.mappings(table).forEach(m -> innergyValues.add(m.innergy()));
        if (innergy == null) {
            innergy = chosen.get("innergy");
        } else if (!innergyValues.contains(innergy)) {
            throw new com.migrationhub.core.BadRequestException("INNERGY " + table.kind() + " '" + innergy + "' is not one " + table.file() + " uses");
        }
        Added added = new Added(table.kind(), table.file(), value, canonical, innergy,
                notes == null ? "added from the console by " + operator : notes, operator, Instant.now().toString());
        append(tables.file(table), table, added);
        tables.refresh();
        audit(added);
        return added;
    }

    /** The waiting PPak dead letters whose reason is this value unmapped (matched as lookups match: case and spaces aside). */
    public List<DeadLetter> carrying(MappingTables.Table table, String value) {
        String wanted = MappingTables.normalise(value);
        return deadLetters.pending("ppak").stream().filter(d -> Unmapped.of(d.flow(), d.reason())
                .filter(u -> u.table() == table && MappingTables.normalise(u.value()).equals(wanted)).isPresent()).toList();
    }

    public List<DeadLetter> carrying(Added added) {
        return carrying(MappingTables.Table.ofKind(added.kind()).orElseThrow(), added.value());
    }

    /** The answer to {@code POST /api/mappings/{kind}}: the row added and what the redrive did. */
    public Map<String, Object> result(Added added, Map<String, Object> replay) {
        Map<String, Object> out = new LinkedHashMap<>(replay);
        out.put("mapping", added);
        return out;
    }

    private static String text(Map<String, Object> request, String field, int max, boolean required) {
        Object raw = request.get(field);
        if (raw != null && !(raw instanceof String)) {
            throw new com.migrationhub.core.BadRequestException(field + " must be text");
        }
        String v = raw == null ? "" : ((String) raw).strip();
        if (v.isEmpty()) {
            if (required) {
                throw new com.migrationhub.core.BadRequestException(field + " is required");
            }
            return null;
        }
        if (v.length() > max) {
            throw new com.migrationhub.core.BadRequestException(field + " is longer than " + max + " characters");
        }
        if (v.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            throw new com.migrationhub.core.BadRequestException(field + " must be one line of text without control characters");
        }
        if ("=+-@".indexOf(v.charAt(0)) >= 0) {
            throw new com.migrationhub.core.BadRequestException(field + " must not start with " + v.charAt(0) + " (a spreadsheet would read a formula)");
        }
        return v;
    }

    /**
     * The file as it was, byte for byte (comments, quoting, line endings, a byte-order mark), plus one row in its
     * columns' order, quoted where needed, ending with the file's own line break; written to a sibling and renamed.
     */
    private static void append(Path file, MappingTables.Table table, Added added) {
        try {
            String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            String eol = existing.contains("\r\n") ? "\r\n" : "\n";
            List<String> header = header(existing);
            if (header.isEmpty()) {
                header = List.of(table.keyColumn(), table.canonicalColumn(), table.innergyColumn(), "notes");
                existing = String.join(",", header) + eol;
            }
            List<String> cells = new ArrayList<>();
            for (String column : header) {
                cells.add(column.equals(table.keyColumn()) ? added.value() : column.equals(table.canonicalColumn()) ? added.canonical()
                        : column.equals(table.innergyColumn()) ? added.innergy() : column.equals("notes") ? added.notes() : "");
            }
            StringWriter row = new StringWriter();
            try (de.siegmar.fastcsv.writer.CsvWriter printer = CsvTables.writer(row, eol)) {
                printer.writeRecord(cells);
            }
            String content = existing + (existing.isEmpty() || existing.endsWith("\n") ? "" : eol) + row;
            AtomicFiles.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write mapping table " + file.getFileName(), e);
        }
    }

    private static List<String> header(String content) throws IOException {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return CsvTables.read(new java.io.StringReader(text), false).header();
    }

    /** Who added which row when: one JSON line per edit in {@code logs/mapping-edits.jsonl}, and the hub log. */
    private void audit(Added added) {
        LOG.info("mapping added by {} at {}: {} `{}` -> {} / {} in {}", added.operator(), added.at(), added.kind(), added.value(),
                added.canonical(), added.innergy(), added.file());
        try {
            Files.createDirectories(auditLog.getParent());
            Files.writeString(auditLog, Json.write(added) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mapping audit log", e);
        }
    }
}
