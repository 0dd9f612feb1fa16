package com.migrationhub.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** The counts of several batches added up, computed in this one place for every report and command. */
public record BatchTotals(long found, long loaded, long rejected, long skipped, long rejectedFiles) {

    public static BatchTotals of(Iterable<BatchLedger.Batch> batches) {
        long found = 0, loaded = 0, rejected = 0, skipped = 0, rejectedFiles = 0;
        for (BatchLedger.Batch b : batches) {
            found += b.found();
            loaded += b.loaded();
            rejected += b.rejected();
            skipped += b.skipped();
            if (BatchLedger.REJECTED_FILE.equals(b.status())) {
                rejectedFiles++;
            }
        }
        return new BatchTotals(found, loaded, rejected, skipped, rejectedFiles);
    }

    /** found = loaded + rejected + skipped: every row ended in exactly one place. */
    public boolean addsUp() {
        return found == loaded + rejected + skipped;
    }

    /** Something needs an operator's attention: rows or whole files rejected. */
    public boolean anyRejected() {
        return rejected > 0 || rejectedFiles > 0;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("found", found);
        m.put("loaded", loaded);
        m.put("rejected", rejected);
        m.put("skipped", skipped);
        m.put("rejected_files", rejectedFiles);
        m.put("counts_add_up", addsUp());
        return m;
    }
}
