package com.migrationhub.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Values the mapping tables lack, by kind (status, phase, material, uom), sorted and without repeats:
 * gathered while a batch runs and read back from the ledger's batch details by the reports.
 */
public final class UnmappedValues {

    private final Map<String, TreeSet<String>> values = new TreeMap<>();

    public void add(String kind, String value) {
        values.computeIfAbsent(kind, k -> new TreeSet<>()).add(value);
    }

    /** Adds what a batch recorded under {@code unmapped} in its details JSON. */
    public void addFrom(JsonNode batchDetails) {
        batchDetails.path("unmapped").fields().forEachRemaining(e -> e.getValue().forEach(v -> add(e.getKey(), v.asText())));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Map<String, List<String>> toMap() {
        Map<String, List<String>> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
