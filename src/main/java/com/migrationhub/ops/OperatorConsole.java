package com.migrationhub.ops;

import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.Database;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import com.migrationhub.core.ReplayOutcome;
import com.migrationhub.core.RowPayload;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the operator dashboard and its JSON API show: per flow the files and rows taken, the last
 * batch and the dead-letter backlog; recent batches; the dead letters; and which ones to redrive.
 */
public final class OperatorConsole {

    private final Database db;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final HubHome home;

    public OperatorConsole(Database db, BatchLedger ledger, DeadLetters deadLetters, HubHome home) {
        this.home = home;
        this.db = db;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
    }

    /** {@code GET /api/status}. */
    public Map<String, Object> status() {
        Map<String, Map<String, Object>> flows = new LinkedHashMap<>();
        for (String flow : HubHome.FLOWS) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("files", 0L);
            f.put("found", 0L);
            f.put("loaded", 0L);
            f.put("rejected", 0L);
            f.put("skipped", 0L);
            f.put("last_batch", null);
            f.put("dead_letter_backlog", 0L);
            flows.put(flow, f);
        }
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT flow, COUNT(*), SUM(found), SUM(loaded), SUM(rejected), "
                    + "SUM(skipped) FROM batches WHERE status NOT IN (?, ?, ?) GROUP BY flow");) {
                ps.setString(1, BatchLedger.ABANDONED);
                ps.setString(2, BatchLedger.RUNNING);
                ps.setString(3, BatchLedger.ROLLED_BACK);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> f = flows.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>());
                        f.put("files", rs.getLong(2));
                        f.put("found", rs.getLong(3));
                        f.put("loaded", rs.getLong(4));
                        f.put("rejected", rs.getLong(5));
                        f.put("skipped", rs.getLong(6));
                    }
                }
            }
            return null;
        });
        flows.forEach((flow, f) -> {
            List<BatchLedger.Batch> last = ledger.recent(flow, 1);
            f.put("last_batch", last.isEmpty() ? null : last.get(0).toMap());
        });
        deadLetters.backlog().forEach((flow, n) ->
                flows.computeIfAbsent(flow, k -> new LinkedHashMap<>()).put("dead_letter_backlog", n));
        Instant now = Instant.now();
        Map<String, long[][]> hourly = throughput(now);
        flows.forEach((flow, f) -> {
            f.put("health", health(f));
            long[][] counts = hourly.getOrDefault(flow, new long[2][HOURS]);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("loaded", counts[0]);
            t.put("rejected", counts[1]);
            f.put("throughput_24h", t);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", ledger.instance());
        out.put("generated", now.toString());
        out.put("throughput_hours", hourStarts(now));
        out.put("flows", flows);
        return out;
    }

    private static final int HOURS = 24;

    /** The verdict an operator reads first: failing (last batch failed), attention (dead letters wait), ok or idle. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> health(Map<String, Object> flow) {
        Map<String, Object> last = (Map<String, Object>) flow.get("last_batch");
        long backlog = ((Number) flow.get("dead_letter_backlog")).longValue();
        String status = last == null ? null : (String) last.get("status");
        Map<String, Object> h = new LinkedHashMap<>();
        if (BatchLedger.FAILED.equals(status) || BatchLedger.REJECTED_FILE.equals(status)) {
            h.put("verdict", "failing");
            h.put("why", "the last batch (" + last.get("source") + ") ended " + status);
        } else if (backlog > 0) {
            h.put("verdict", "attention");
            h.put("why", backlog + " dead letter" + (backlog == 1 ? "" : "s") + " waiting");
        } else if (last == null) {
            h.put("verdict", "idle");
            h.put("why", "no batch yet");
        } else {
            h.put("verdict", "ok");
            h.put("why", "last batch " + status + ", nothing waiting");
        }
        return h;
    }

    /** Start of each of the last 24 hours (epoch ms, oldest first), the buckets of {@code throughput_24h}. */
    private static long[] hourStarts(Instant now) {
        long current = now.truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        long[] hours = new long[HOURS];
        for (int i = 0; i < HOURS; i++) {
            hours[i] = current - (HOURS - 1 - i) * 3_600_000L;
        }
        return hours;
    }

    /** Rows loaded and rejected per flow per hour over the last 24 hours, by the hour each batch finished. */
    private Map<String, long[][]> throughput(Instant now) {
        long first = hourStarts(now)[0];
        return db.withConnection(c -> {
            Map<String, long[][]> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT flow, finished, loaded, rejected FROM batches "
                    + "WHERE finished >= ? AND status NOT IN (?, ?)")) {
                ps.setString(1, Instant.ofEpochMilli(first).toString());
                ps.setString(2, BatchLedger.RUNNING);
                ps.setString(3, BatchLedger.ROLLED_BACK);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int hour = (int) ((Instant.parse(rs.getString(2)).toEpochMilli() - first) / 3_600_000L);
                        if (hour >= 0 && hour < HOURS) {
                            long[][] counts = out.computeIfAbsent(rs.getString(1), k -> new long[2][HOURS]);
                            counts[0][hour] += rs.getLong(3);
                            counts[1][hour] += rs.getLong(4);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** {@code GET /api/batches?flow=&limit=}: limit 1–500 (default 50). */
    public List<Map<String, Object>> batches(String flow, String limit) {
        int n = limit(limit);
        String f = flow == null || flow.isBlank() ? null : checkedFlow(flow);
        return ledger.recent(f, n).stream().map(BatchLedger.Batch::toMap).toList();
    }

    /** {@code GET /api/dead-letters?flow=}: the backlog, newest last. */
    public List<Map<String, Object>> deadLetters(String flow) {
        return deadLetters(flow, null, null);
    }

    /**
     * {@code GET /api/dead-letters?flow=&file=&reason=}: the backlog, newest last; {@code file} and {@code reason}
     * match a part of the source file's name or of the reason, ignoring case.
     */
    public List<Map<String, Object>> deadLetters(String flow, String file, String reason) {
        String f = flow == null || flow.isBlank() ? null : checkedFlow(flow);
        return deadLetters.pending(f).stream()
                .filter(d -> contains(d.sourceFile(), file) && contains(d.reason(), reason))
                .map(DeadLetter::toMap).toList();
    }

    private static boolean contains(String value, String part) {
        return part == null || part.isBlank()
                || (value != null && value.toLowerCase(Locale.ROOT).contains(part.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * {@code GET /api/dead-letters/{id}}: one dead letter with what arrived - a row's header and cells, a
     * document's text, or a whole file's name (never the server's path to its copy).
     */
    public Map<String, Object> deadLetter(String id) {
        DeadLetter d = deadLetters.find(id(id));
        if (d == null) {
            throw new NoSuchElementException("no dead letter " + id);
        }
        Map<String, Object> m = new LinkedHashMap<>(d.toMap());
        if (d.isFile()) {
            m.put("file", java.nio.file.Path.of(d.payload()).getFileName().toString());
        } else if (DeadLetter.ROW.equals(d.kind()) && d.payload() != null && d.payload().startsWith("{\"header\"")) {
            RowPayload row = RowPayload.parse(d.payload());
            m.put("header", row.header());
            m.put("cells", row.cells());
        } else {
            m.put("text", d.payload());
        }
        return m;
    }

    /**
     * {@code GET /api/batches/{id}}: one batch with its counts, its details (the report: unmapped values, warnings,
     * a rollback), its rejects and what rolling it back would remove.
     */
    public Map<String, Object> batch(String id) {
        BatchLedger.Batch b = ledger.find(id(id));
        if (b == null) {
            throw new NoSuchElementException("no batch " + id);
        }
        Map<String, Object> m = new LinkedHashMap<>(b.toMap());
        try {
            m.put("details", b.details() == null ? Map.of() : Json.mapper().readValue(b.details(), Map.class));
        } catch (java.io.IOException e) {
            m.put("details", Map.of("unreadable", b.details()));
        }
        List<DeadLetter> rejects = deadLetters.ofBatch(b.id());
        m.put("rejects", rejects.stream().map(DeadLetter::toMap).toList());
        long waiting = rejects.stream().filter(d -> !d.isReplayed() && !d.isFile()).count();
        m.put("rollback_removes", BatchLedger.ROLLED_BACK.equals(b.status()) ? null
                : "batch " + b.id() + " (" + b.flow() + ", " + b.source() + "): the " + b.loaded() + " rows it loaded are "
                + "removed and the versions they overwrote come back; its " + waiting + " waiting dead letters are dropped; "
                + "the dead letters it loaded by replay wait again");
        return m;
    }

    static long id(String id) {
        try {
            return Long.parseLong(id == null ? "" : id.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id must be a whole number, got '" + id + "'");
        }
    }

    /**
     * The dead letters a replay request names: {@code {"flow":"ppak","ids":[1,2]}} or
     * {@code {"flow":"ppak","all":true}}.
     */
    public List<DeadLetter> replayRequest(Map<String, Object> request) {
        if (request == null || !(request.get("flow") instanceof String flow)) {
            throw new IllegalArgumentException("the request needs \"flow\" and \"ids\" or \"all\": true");
        }
        checkedFlow(flow);
        if (Boolean.TRUE.equals(request.get("all"))) {
            return deadLetters.pending(flow);
        }
        if (request.get("reason") instanceof String reason) {
            return deadLetters.pending(flow).stream().filter(d -> reason.equals(d.reason())).toList();
        }
        if (!(request.get("ids") instanceof List<?> ids) || ids.isEmpty()) {
            throw new IllegalArgumentException("the request needs \"ids\": [..], \"reason\": \"..\" or \"all\": true");
        }
        List<DeadLetter> out = new ArrayList<>();
        for (Object id : ids) {
            DeadLetter d = id instanceof Number n ? deadLetters.find(n.longValue()) : null;
            if (d == null || !d.flow().equals(flow)) {
                throw new IllegalArgumentException("ids: no " + flow + " dead letter with id " + id);
            }
            if (!d.isReplayed()) {
                out.add(d);
            }
        }
        return out;
    }

    /** The outcome of an HTTP replay request. */
    public Map<String, Object> replayResults(List<ReplayOutcome> outcomes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("replayed", outcomes.size());
        m.put("loaded", outcomes.stream().filter(ReplayOutcome::loaded).count());
        m.put("rejected", outcomes.stream().filter(o -> !o.loaded()).count());
        m.put("results", outcomes);
        return m;
    }

    /** {@code dryRun=} of the material-sync job: true, false, or absent (the configured mode). */
    public Boolean dryRun(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("dryRun must be true or false");
        };
    }

    /** An answer as HTTP clients see it: paths inside the hub home are given relative to it, never absolute. */
    public Object withoutHome(Object answer) {
        if (home == null) {
            return answer;
        }
        if (answer instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, withoutHome(v)));
            return out;
        }
        if (answer instanceof List<?> list) {
            return list.stream().map(this::withoutHome).toList();
        }
        if (answer instanceof String s) {
            for (String root : List.of(home.root().toAbsolutePath().normalize().toString(), realRoot())) {
                if (!root.isEmpty() && s.startsWith(root + java.io.File.separator)) {
                    return s.substring(root.length() + 1);
                }
            }
        }
        return answer;
    }

    private String realRoot() {
        try {
            return home.root().toRealPath().toString();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= 500) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to 500, got '" + limit + "'");
    }

    private static String checkedFlow(String flow) {
        if (!HubHome.FLOWS.contains(flow)) {
            throw new IllegalArgumentException("unknown flow '" + flow + "' (one of " + HubHome.FLOWS + ")");
        }
        return flow;
    }

}
