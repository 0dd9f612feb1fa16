package com.migrationhub.innergy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.Database;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.Json;
import com.migrationhub.canonical.CanonicalMaterial;
import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalWorkOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the canonical model the PPak flow produced: from the canonical store in hub.db, or from a
 * canonical JSON file ({@code canonical_projects_<date>.json}, with its {@code canonical_work_orders_<date>.json}
 * sibling when there is one). Writes INNERGY ids back into such a file atomically.
 */
public final class CanonicalReader {

    /** A canonical record and the INNERGY id the source already knows for it. */
    public record Linked<T>(T record, String innergyId) {
    }

    private final Database db;

    public CanonicalReader(Database db) {
        this.db = db;
    }

    public List<Linked<CanonicalProject>> projects(Path file) {
        return file == null ? fromStore("canonical_projects", CanonicalProject.class) : fromFile(file, CanonicalProject.class);
    }

    public List<Linked<CanonicalWorkOrder>> workOrders(Path projectsFile) {
        if (projectsFile != null) {
            String name = projectsFile.getFileName().toString();
            if (name.startsWith("canonical_projects")) {
                Path sibling = projectsFile.resolveSibling(name.replaceFirst("^canonical_projects", "canonical_work_orders"));
                if (Files.isRegularFile(sibling)) {
                    return fromFile(sibling, CanonicalWorkOrder.class);
                }
            }
        }
        return fromStore("canonical_work_orders", CanonicalWorkOrder.class);
    }

    public List<Linked<CanonicalMaterial>> materials() {
        return fromStore("canonical_materials", CanonicalMaterial.class);
    }

    private <T> List<Linked<T>> fromStore(String table, Class<T> type) {
        return db.withConnection(c -> {
            List<Linked<T>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT payload, innergy_id FROM " + table + " ORDER BY natural_key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Linked<>(read(rs.getString(1), type), rs.getString(2)));
                }
            }
            return out;
        });
    }

    private static <T> List<Linked<T>> fromFile(Path file, Class<T> type) {
        JsonNode root = tree(file);
        List<Linked<T>> out = new ArrayList<>();
        for (JsonNode n : root) {
            try {
                out.add(new Linked<>(Json.mapper().treeToValue(n, type), n.path("innergy_id").isTextual() ? n.get("innergy_id").asText() : null));
            } catch (IOException e) {
                throw new HubConfigurationException(file + " holds a record that is not a canonical " + type.getSimpleName()
                        + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static JsonNode tree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HubConfigurationException("the canonical file " + file + " does not exist");
        }
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            if (root == null || !root.isArray()) {
                throw new HubConfigurationException(file + " is not a canonical JSON array");
            }
            return root;
        } catch (IOException e) {
            throw new HubConfigurationException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored canonical payload is not a " + type.getSimpleName(), e);
        }
    }

    /** Sets {@code innergy_id} on the file's records by project number; the file is replaced atomically. */
    public static void writeIds(Path file, Map<String, String> idsByProjectNumber) {
        if (idsByProjectNumber.isEmpty()) {
            return;
        }
        ArrayNode root = (ArrayNode) tree(file);
        for (JsonNode n : root) {
            String id = idsByProjectNumber.get(n.path("project_number").asText());
            if (id != null && n instanceof ObjectNode o) {
                o.put("innergy_id", id);
            }
        }
        AtomicFiles.writeString(file, Json.pretty(root));
    }

    /** Project numbers by the work orders' project (for grouping). */
    public static Map<String, List<CanonicalWorkOrder>> byProject(List<Linked<CanonicalWorkOrder>> workOrders) {
        Map<String, List<CanonicalWorkOrder>> out = new LinkedHashMap<>();
        for (Linked<CanonicalWorkOrder> w : workOrders) {
            out.computeIfAbsent(w.record().projectNumber(), k -> new ArrayList<>()).add(w.record());
        }
        return out;
    }
}
