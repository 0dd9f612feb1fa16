package com.migrationhub.rmos;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-entity counts since this runtime started (one command run, or the service's life):
 * found = migrated + skipped + failed for each entity; migrated includes updates. Files outside the
 * three entity folders are counted under {@code other}, which appears only when there are some.
 */
public final class MigrationTally {

    private final Map<String, long[]> counts = new LinkedHashMap<>();

    static final String OTHER = "other";
    private static final int FOUND = 0;
    private static final int MIGRATED = 1;
    private static final int UPDATED = 2;
    private static final int SKIPPED = 3;
    private static final int FAILED = 4;

    public MigrationTally() {
        for (RmosEntity e : RmosEntity.values()) {
            counts.put(e.folder(), new long[5]);
        }
    }

    public synchronized void migrated(RmosEntity e, boolean update) {
        long[] c = bucket(e);
        c[FOUND]++;
        c[MIGRATED]++;
        if (update) {
            c[UPDATED]++;
        }
    }

    public synchronized void skipped(RmosEntity e) {
        long[] c = bucket(e);
        c[FOUND]++;
        c[SKIPPED]++;
    }

    public synchronized void failed(RmosEntity e) {
        long[] c = bucket(e);
        c[FOUND]++;
        c[FAILED]++;
    }

    private long[] bucket(RmosEntity e) {
        return counts.computeIfAbsent(e == null ? OTHER : e.folder(), k -> new long[5]);
    }

    /** {@code {entity: {found, migrated, updated, skipped, failed}}}, the stats format of rmos-migrate and rmos-report. */
    public synchronized Map<String, Map<String, Long>> stats() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        counts.forEach((e, c) -> {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("found", c[FOUND]);
            m.put("migrated", c[MIGRATED]);
            m.put("updated", c[UPDATED]);
            m.put("skipped", c[SKIPPED]);
            m.put("failed", c[FAILED]);
            out.put(e, m);
        });
        return out;
    }

    public synchronized long failedTotal() {
        return counts.values().stream().mapToLong(c -> c[FAILED]).sum();
    }
}
