package com.migrationhub.rmos;

import com.migrationhub.core.Flow;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RMOS dashboard API: migration status (last batch, database, schema, counts, newest rows,
 * dangling references) and migration history grouped by day. Answers are JSON text for the HTTP routes.
 */
public final class MigrationDashboard {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private final RmosStore store;
    private final BatchLedger ledger;

    public MigrationDashboard(RmosStore store, BatchLedger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    public String statusJson() {
        return Json.write(status());
    }

    public Map<String, Object> status() {
        Map<String, Object> migration = new LinkedHashMap<>();
        List<BatchLedger.Batch> last = ledger.recent(Flow.RMOS.id(), 1);
        migration.put("last_migration", last.isEmpty() ? null : describe(last.get(0)));
        migration.put("database", database(store.db()));
        migration.put("schema_version", store.schemaVersion());

        Map<String, Object> recent = new LinkedHashMap<>();
        for (RmosEntity e : RmosEntity.values()) {
            recent.put(e.folder(), store.recent(e, 3));
        }
        List<Map<String, Object>> dangling = store.danglingReferences();
        Map<String, Object> validation = new LinkedHashMap<>();
        validation.put("status", dangling.isEmpty() ? "healthy" : "errors_detected");
        validation.put("dangling_reference_count", dangling.size());
        validation.put("dangling_references", dangling);
        validation.put("documents_waiting_for_a_reference", store.waiting().size());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("migration_status", migration);
        out.put("entity_counts", store.counts());
        out.put("recent_entities", recent);
        out.put("validation", validation);
        return out;
    }

    private static Map<String, Object> database(Database db) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("backend", db.isSqlite() ? "sqlite" : db.isPostgres() ? "postgresql" : "jdbc");
        Path file = db.sqliteFile();
        if (file != null) {
            Path real = file.toAbsolutePath().normalize();
            d.put("location", real.toString());
            d.put("size_bytes", size(real));
            d.put("wal_size_bytes", size(real.resolveSibling(real.getFileName() + "-wal")));
        } else {
            d.put("location", db.url());
        }
        return d;
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code limit} as given in the query; anything but a whole number from 1 to 500 is refused. */
    public String historyJson(String limit) {
        return Json.write(history(parseLimit(limit)));
    }

    static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + clip(limit) + "'");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got " + n);
        }
        return n;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    public Map<String, Object> history(int limit) {
        List<BatchLedger.Batch> batches = ledger.recent(Flow.RMOS.id(), limit);
        Map<String, List<Map<String, Object>>> byDate = new LinkedHashMap<>();
        for (BatchLedger.Batch b : batches) {
            String date = b.started() == null || b.started().length() < 10 ? "unknown" : b.started().substring(0, 10);
            byDate.computeIfAbsent(date, k -> new ArrayList<>()).add(describe(b));
        }
        List<Map<String, Object>> days = new ArrayList<>();
        byDate.forEach((date, list) -> {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("date", date);
            day.put("batch_count", list.size());
            long found = 0, loaded = 0, rejected = 0, skipped = 0;
            for (Map<String, Object> m : list) {
                found += (Long) m.get("found");
                loaded += (Long) m.get("loaded");
                rejected += (Long) m.get("rejected");
                skipped += (Long) m.get("skipped");
            }
            day.put("found", found);
            day.put("loaded", loaded);
            day.put("rejected", rejected);
            day.put("skipped", skipped);
            day.put("batches", list);
            days.add(day);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("limit", limit);
        out.put("batch_count", batches.size());
        out.put("history", days);
        return out;
    }

    /** The 400 answer: the refusal's own message, not the bean call wrapped around it. */
    private static Map<String, Object> describe(BatchLedger.Batch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_id", b.id());
        m.put("source", b.source());
        m.put("status", b.status());
        m.put("started", b.started());
        m.put("finished", b.finished());
        m.put("found", b.found());
        m.put("loaded", b.loaded());
        m.put("rejected", b.rejected());
        m.put("skipped", b.skipped());
        return m;
    }
}
