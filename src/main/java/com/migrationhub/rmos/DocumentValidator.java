package com.migrationhub.rmos;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import com.migrationhub.core.TextCells;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The translator's second half and the validator: a readable document becomes the RMOS row it stands
 * for, or the reasons (each naming its field) why it cannot. References are only collected here; whether
 * they resolve depends on what is loaded, which the loader knows.
 */
public final class DocumentValidator {

    public static final Set<String> STATUSES = Set.of("pending", "planned", "running", "completed", "failed", "cancelled");
    public static final Set<String> JOB_TYPES = Set.of("slice", "batch", "contour", "assembly");
    public static final Set<String> PATTERN_TYPES = Set.of("generic", "rosette");

    /** The row, or why not. */
    public record Result(RmosRow row, String reason) {
        static Result rejected(List<String> problems) {
            return new Result(null, String.join("; ", problems));
        }

        public boolean valid() {
            return row != null;
        }
    }

    public static boolean knownJobType(String type) {
        return type != null && (JOB_TYPES.contains(type) || type.startsWith("rosette_") && type.length() > "rosette_".length());
    }

    /** The validator step of the route: the document with its row or its reason. */
    public CheckedDocument check(SourceDocument doc) {
        Result r = validate(doc);
        return new CheckedDocument(doc, r.row(), r.reason());
    }

    public Result validate(SourceDocument doc) {
        if (!doc.readable()) {
            return new Result(null, doc.problem());
        }
        Fields f = new Fields(doc.json());
        String id = f.optionalText("id");
        if (id == null && !doc.json().has("id")) {
            // Legacy files without an id get one from their content: the same file gets the same id on every run.
            id = doc.entity().idPrefix() + "-" + doc.contentHash().substring(0, 16);
        }
        String createdAt = f.timestamp("created_at");
        String updatedAt = f.timestamp("updated_at");
        Map<String, Object> c = new LinkedHashMap<>();
        List<RmosRow.Reference> refs = new ArrayList<>();
        c.put("id", id);
        switch (doc.entity()) {
            case STRIP_FAMILIES -> {
                c.put("name", f.requiredText("name"));
                c.put("strip_width_mm", f.positiveNumber("strip_width_mm"));
                c.put("strip_thickness_mm", f.positiveNumber("strip_thickness_mm"));
                c.put("material_type", f.requiredText("material_type"));
                c.put("strips_json", f.nonEmptyArray("strips"));
                // The RMOS application writes NULL for a family without metadata (patterns get '{}').
                c.put("metadata_json", f.optionalObject("metadata", null));
            }
            case PATTERNS -> {
                c.put("name", f.requiredText("name"));
                c.put("ring_count", f.ringCount());
                String type = f.optionalText("pattern_type");
                if (type == null) {
                    type = "generic";
                } else if (!PATTERN_TYPES.contains(type)) {
                    f.problem("pattern_type must be generic or rosette (got " + type + ")");
                }
                if ("rosette".equals(type)) {
                    c.put("rosette_geometry", f.requiredObject("rosette_geometry", " (pattern_type rosette keeps its geometry there)"));
                    c.put("geometry_json", f.optionalObject("geometry", "{}"));
                } else {
                    c.put("geometry_json", f.requiredObject("geometry", ""));
                    c.put("rosette_geometry", f.optionalObject("rosette_geometry", null));
                }
                c.put("pattern_type", type);
                c.put("strip_family_id", f.reference("strip_family_id", RmosEntity.STRIP_FAMILIES, refs));
                c.put("metadata_json", f.optionalObject("metadata", "{}"));
            }
            case JOBLOGS -> {
                String jobType = f.requiredText("job_type");
                if (jobType != null && !knownJobType(jobType)) {
                    f.problem("job_type " + jobType + " is not a known job type (slice, batch, contour, assembly, rosette_*)");
                }
                c.put("job_type", jobType);
                c.put("pattern_id", f.reference("pattern_id", RmosEntity.PATTERNS, refs));
                c.put("strip_family_id", f.reference("strip_family_id", RmosEntity.STRIP_FAMILIES, refs));
                String status = f.optionalText("status");
                if (status == null) {
                    status = "pending";
                } else if (!STATUSES.contains(status)) {
                    f.problem("status " + status + " is not a known status (pending, planned, running, completed, failed, cancelled)");
                }
                c.put("status", status);
                String start = f.timestamp("start_time");
                String end = f.timestamp("end_time");
                if ("completed".equals(status) && end == null && !f.has("end_time")) {
                    f.problem("a completed job needs end_time");
                }
                c.put("start_time", start);
                c.put("end_time", end);
                c.put("duration_seconds", f.optionalNonNegative("duration_seconds"));
                c.put("parameters_json", f.requiredObject("parameters", ""));
                c.put("results_json", f.optionalObject("results", null));
            }
        }
        c.put("created_at", createdAt);
        c.put("updated_at", updatedAt);
        if (!f.problems.isEmpty()) {
            return Result.rejected(f.problems);
        }
        return new Result(new RmosRow(doc.entity(), id, c, createdAt, List.copyOf(refs)), null);
    }

    /** Field access that records a problem, naming the field, instead of throwing. */
    private static final class Fields {
        private final JsonNode json;
        final List<String> problems = new ArrayList<>();

        Fields(JsonNode json) {
            this.json = json;
        }

        boolean has(String field) {
            return json.has(field) && !json.get(field).isNull();
        }

        void problem(String p) {
            problems.add(p);
        }

        private JsonNode present(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                problems.add("missing required field " + field);
                return null;
            }
            return v;
        }

        private String typeOf(JsonNode v) {
            return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }

        String requiredText(String field) {
            JsonNode v = present(field);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                problems.add(field + " must be a string (got " + typeOf(v) + ")");
                return null;
            }
            if (v.asText().isBlank()) {
                problems.add(field + " must not be empty");
                return null;
            }
            return checkedText(field, v.asText());
        }

        String optionalText(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                problems.add(field + " must be a non-empty string (got " + (v.isTextual() ? "\"\"" : typeOf(v)) + ")");
                return null;
            }
            return checkedText(field, v.asText());
        }

        /** A text field holds no control character (the rule for every flow's text values). */
        private String checkedText(String field, String text) {
            String problem = TextCells.controlCharacter(text);
            if (problem != null) {
                problems.add(field + " holds " + problem);
                return null;
            }
            return text.strip();
        }

        Double positiveNumber(String field) {
            JsonNode v = present(field);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                problems.add(field + " must be a number (got " + typeOf(v) + ")");
                return null;
            }
            if (!(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
                problems.add(field + " must be > 0 (got " + v.asText() + ")");
                return null;
            }
            return v.asDouble();
        }

        Double optionalNonNegative(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isNumber() || v.asDouble() < 0 || !Double.isFinite(v.asDouble())) {
                problems.add(field + " must be a number >= 0 (got " + (v.isNumber() ? v.asText() : typeOf(v)) + ")");
                return null;
            }
            return v.asDouble();
        }

        Integer ringCount() {
            JsonNode v = present("ring_count");
            if (v == null) {
                return null;
            }
            // 3.0 is 3, as the application reads it; 3.5 is not a whole number.
            if (v.isNumber() && !Double.isFinite(v.asDouble())) {
                problems.add("ring_count is not a finite number (out of range)");
                return null;
            }
            boolean whole = v.isNumber() && (v.isIntegralNumber() || v.decimalValue().stripTrailingZeros().scale() <= 0);
            if (!whole || v.decimalValue().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                problems.add("ring_count must be a whole number (got " + (v.isNumber() ? v.asText() : typeOf(v)) + ")");
                return null;
            }
            if (v.decimalValue().compareTo(java.math.BigDecimal.ONE) < 0) {
                problems.add("ring_count must be >= 1 (got " + v.asText() + ")");
                return null;
            }
            return v.decimalValue().intValueExact();
        }

        String nonEmptyArray(String field) {
            JsonNode v = present(field);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                problems.add(field + " must be a list (got " + typeOf(v) + ")");
                return null;
            }
            if (v.isEmpty()) {
                problems.add(field + " must not be empty");
                return null;
            }
            return Json.write(v);
        }

        String requiredObject(String field, String why) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                problems.add("missing required field " + field + why);
                return null;
            }
            if (!v.isObject()) {
                problems.add(field + " must be an object (got " + typeOf(v) + ")");
                return null;
            }
            return Json.write(v);
        }

        String optionalObject(String field, String absent) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return absent;
            }
            if (!v.isObject()) {
                problems.add(field + " must be an object (got " + typeOf(v) + ")");
                return null;
            }
            return Json.write(v);
        }

        String timestamp(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual() || !isIsoTimestamp(v.asText())) {
                problems.add(field + " must be an ISO timestamp (got " + (v.isTextual() ? v.asText() : typeOf(v)) + ")");
                return null;
            }
            String utc;
            try {
                utc = Timestamps.normalised(v.asText());
            } catch (java.time.DateTimeException e) {
                utc = "";
            }
            if (!utc.matches("\\d{4}-.*")) {
                problems.add(field + " is out of range (got " + v.asText() + ", years 0000 to 9999 in UTC)");
                return null;
            }
            return utc;
        }

        String reference(String field, RmosEntity target, List<RmosRow.Reference> refs) {
            String id = optionalText(field);
            if (id != null) {
                refs.add(new RmosRow.Reference(field, target, id));
            }
            return id;
        }
    }

    /** ISO-8601 date-time with or without an offset, 'T' or a space between date and time (as Python's fromisoformat). */
    public static boolean isIsoTimestamp(String text) {
        if (text == null || text.length() < 16 || !text.substring(0, 4).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false; // four digits of year: a signed or longer year is no date the application can store
        }
        String t = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            OffsetDateTime.parse(t);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(t);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }
}
