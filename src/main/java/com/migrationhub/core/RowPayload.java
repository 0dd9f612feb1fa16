package com.migrationhub.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rejected row as stored in {@code dead_letters.payload}: the source header and the cells untouched. */
public record RowPayload(List<String> header, List<String> cells) {

    public static String of(List<String> header, List<String> cells) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("header", header);
        m.put("cells", cells);
        return Json.write(m);
    }

    public static RowPayload parse(String payload) {
        try {
            JsonNode node = Json.mapper().readTree(payload);
            return new RowPayload(strings(node.get("header")), strings(node.get("cells")));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("dead letter payload is not a row: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
